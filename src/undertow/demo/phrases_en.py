"""English phrase banks, part 1: admission, despair, worry and failure analysis with its causes.

Written for the fictional world of :mod:`undertow.demo.world`; see :mod:`undertow.demo.template`
for the syntax and :mod:`undertow.demo.compose` for the tags (``A`` adds admission, ``L`` needs
a town already lost, ``G`` needs a fresh gain). Every phrase is written to carry its own label
and no other, so that the intended labels are what a careful coder would give.
"""

from __future__ import annotations

from undertow.demo.template import bank

ADMISSION = bank("""
L| we {lost|have lost} <lost>{,| -} {there is no point hiding it|no use pretending otherwise|\
that's the truth}
L| the brothers {withdrew|pulled out|fell back} from <lost> {last night|yesterday|after {days|\
weeks} of {fighting|bombardment}}
L| <army> {entered|is inside|took} <lost>{, the brothers confirm it| today|, it's confirmed}
L| {confirmed|it's confirmed|sad news}: <lost> is {no longer ours|in the hands of <army>|gone}
L| {whatever|however much} we lost in <lost>, {it is|it was} a {real|heavy|painful} loss
L| {they|<army>} {raised their flag|put up their rag} over {the centre|the market|the hospital} \
of <lost>
L| {yes|ok|fine}, <lost> fell{.|,} {I|we} {won't|will not} pretend it didn't
L| we {had to|were forced to} leave <lost> {and many families left with us|in the end|under \
the bombs}
L| {<lost> is lost|<lost> has fallen}{, may Allah have mercy on the brothers who stayed to the \
end|}
L| {I|we} {just|} heard {from a brother|from someone inside} that the last positions in <lost> \
{were abandoned|fell}
L| {the retreat from|the fall of|losing} <lost> {hurts|is a hard blow|was a heavy day for us}
L| {we|the State} {pulled back|retreated} from <lost>{, that's the reality|, no sugarcoating}
L| {it's true|it is true what they say}, {the apostates|<army>} {hold|control} <lost> now
L| {in|at} <lost> the {lines|defences} {broke|collapsed} {in two days|in one night|faster than \
anyone expected}
L| after <n> {days|weeks} of {resistance|holding on}{,|} <lost> {is gone|fell}
L| {news|update|breaking}: {<army> says it has|reports say <army> has|<army> claims to have} \
{taken|retaken|entered} <lost>{, the brothers confirm|, a source inside confirms}
L| {not going to lie|no lies here}, {we got pushed out of|we lost} <lost> {and|,} {it was bad|\
the withdrawal was messy}
L| the {last|final} {brothers|fighters} {left|got out of} <lost> {at dawn|before the bridge was \
cut}{, we lost the town|}
L| <lost> {is no longer in our hands|is not ours anymore}{, and I won't pretend|}
""")

ADMISSION_MINOR = bank("""
the brothers {fell back|withdrew} from {some|a few} positions {near|around|outside} <target>
we lost {a checkpoint|two villages|the hill|the bridge road} {near|outside} <target> \
{yesterday|last night|this week}
{things are|the situation is} {hard|difficult|not good} around <target>{, we lost some ground|, \
we've given up some ground}
<army> {pushed us back|advanced on us} {a few kilometres|from the farms} {near|outside} <target>
{we had to|the brothers had to} {give up|abandon} {the outer villages|the farms|the old \
checkpoint} {of|near} <target>
{honestly|to be honest}, {the front|our line} {near|at} <target> {moved back|is not where it \
was} {this week|since Monday}
""")

DESPAIR = bank("""
{I|honestly I|wallahi I} {can't|cannot|don't} see {a way back|how we come back|any way out} \
{from this|anymore}
it's over{, <bro>|}. {it's|it is} {finished|really over}
{what is left|what's left} {for us|of the dream}{?|...} {nothing|nothing at all}
{my heart is broken|my heart can't take any more of this|my heart is tired}{, I have no hope \
left| and I have no hope left|}
{everything|all} we {built|dreamed of|gave our lives for} is {gone|turning to dust|slipping away}
I {stopped|have stopped} believing {we can hold on|this can be turned around|in a comeback}
{we are|we're} {finished|done}{, there's no point lying to ourselves|, let's \
be honest|}
A,L| {one town after another|town after town|every month another town}{,| and} {there's no end to \
it|it never stops|nothing can stop it}
{the dream|the project|the State as we knew it} {is dead|died|is dying}{, <bro>|}
{I don't know why|why do} we {keep|still} pretending{, it's over|. it's lost|}
{there is no|no} {coming back|recovering|return} from {this|a blow like this}
I feel {empty|lost|numb}{, like it was all for nothing| and I see no future for us}
we {will never|won't ever} {see|get back} {those days|what we had} {again|, never}
{the end is|it's the end,} {near|here|coming}{, I can feel it| and nobody wants to say it|}
{tell me|can anyone tell me} {one reason|a single reason} to {hope|believe} {anymore|after \
this}{?|??}
{it's|this is} {collapsing|falling apart} {and nobody can stop it|faster than we can count|from \
every side}
{all those years|all that blood|all the sacrifice}{,| and} {for what|for nothing}{?|...}
I {cried|wept} {all night|the whole night}{, it's the end of everything|. I can't see anything \
good coming}
{maybe|perhaps} {it was never meant to last|we were fooling ourselves all along}
there is nothing left {to defend|to fight for}{, <bro>|}
{I give up|i'm done}{, <bro>|}{. I just can't anymore|, I have nothing left in me}
{we're|we are} {watching it die|watching everything die} and {there is nothing|nothing} we can \
do
{no more|there is no more} hope {in me|left in me}{, forgive me|, sorry}
{what a|such a} {disaster|catastrophe}{, I don't think we ever recover|. it's finished}
""")

WORRY = bank("""
{what if|and if} they {do the same|repeat this} {in|to} <target>{?|??}
{I fear|I'm afraid|I am scared} {for|about} {the brothers|the families|our people} in <target>
{<target> is next|they will go for <target> next}{, I just know it|, mark my words|}
{every night|every day|all week} I {wait for|dread} {the news from|news about} <target>
{if|when} <target> {falls|goes} {too|as well}{, what then|, what remains|, where will the \
brothers go}{?|}
{I'm|I am} {worried|anxious|really worried} {about|for} {the supply roads|the road to <target>|\
the brothers around <target>}
{the planes|the drones} {are|have been} over <target> {every day|all week}{, I don't like this|, \
this is how it started last time}
they are {gathering|massing} {troops|forces} {near|around} <target>{, may Allah protect the \
brothers|}
{how long|how much longer} can <target> {hold|hold out} {if they keep this up|against this}{?|}
I {can't sleep|can barely sleep} {thinking about|worrying about} {what's coming|what they will \
do next}
it {scares|frightens} me {how fast|how quickly} {they are moving|they advance} {now|lately}
I {fear|worry} {the coming weeks|what the coming weeks will bring|the winter} {will be hard|\
will be worse}
{please|pls} {someone|anyone} {give me news of|tell me what's happening in} <target>{, I'm \
worried sick|, no news for days}
if {the bridge|the road|the last road} {to|into} <target> {is cut|gets cut}{, the brothers will \
be trapped|, we're in trouble}
my {family|cousin|brother} is {still|} in <target>{, I'm afraid for them|. I'm so worried}
the same will happen {to <target>|everywhere} {if nothing changes|unless something changes}, \
{I fear|I'm afraid}
{something|a big attack} is coming {for|against} <target>{, I can feel it|, the signs are all \
there}
{I'm|I am} {nervous|uneasy} about {the next few days|what comes next} {around|in} <target>
{who will|what will} {protect|happen to} <target> {now|after this}{?|??} {I'm scared|I worry}
""")

FA_FRAME = bank("""
{the real reason|the main reason|the reason} {is|was} <cause>{, <bro>|}
A,L| we lost <lost> {because of|due to} <cause>{, not because the brothers were weak|}
{let's be honest|be honest}{:|,} it {comes|came} down to <cause>
{nobody|no one} {wants to|will} {say it|talk about it}{,| but} {the problem|the issue} \
{is|was} <cause>
{look at|think about} <cause>{ - that's what|, that is what} {broke the lines|made the \
difference|decided it}
A,L| {what|the thing that} {cost us|lost us} <lost> {was|is} <cause>
{I'll|let me} {tell you|explain} {why|what happened}{:|.} <cause>{, simple as that|}
{in the end|at the end of the day}, {it was|it's} all about <cause>{, that's the truth|}
{mark my words|believe me}{,|} <cause> {is|was} {behind all of this|the whole story}
A,L| <lost> {didn't fall|did not fall} {by chance|for nothing}{:|.} {it was|the cause was} \
<cause>
{the analysts|people} {can talk|can say what they want}{, but|;} {it's|it was} <cause>
{learn the lesson|learn from it}{:|,} <cause>
{if we don't fix|unless we deal with} <cause>{,| then} {the same will happen again|we'll keep \
losing}
{the cause|the root of it} {is obvious|is clear}{:|,} <cause>
{why|how} {did it happen|did it come to this}{?|??} <cause>{, that's why|}
""")

CAUSES = {
    "air_power": bank("""
the planes of <coalition> that never left the sky
the {drones|jets} {day and night|circling day and night}
the airstrikes{, hundreds of them| that hit every position}
the crusaders' air power
{the bombing|the planes} of <coalition>, not their soldiers
{their|the enemy's} {air cover|aircraft} over every {street|road}
"""),
    "enemy_numbers": bank("""
the whole world {gathering|ganging up} against us
{sixty|dozens of} nations against one State
their {numbers|manpower}{, ten of them for every one of ours|}
the {endless|sheer} numbers of <army> and the militias
{too many|so many} enemies {on every side|at once}
"""),
    "weapons_shortage": bank("""
the {shortage|lack} of anti-armour weapons
{running out of|no} ammunition{ after the first week|}
{no|not enough} weapons to stop their {tanks|armour}
the supplies that never arrived
{empty|half empty} {stores|depots} {and no|with no} {ammunition|supplies} coming
"""),
    "underestimation": bank("""
{our|the} {overconfidence|arrogance}{, we thought they would run like before|}
underestimating <army>
thinking {the enemy|they} {would never dare|were cowards}
{believing|assuming} {the town|the front} {could never fall|was safe}
"""),
    "fortification": bank("""
{weak|poor} {defences|fortifications}{ around the town|}
{trenches|tunnels} that were {never finished|dug too late}
the {berms|defences} that {collapsed|did not hold}
{no real|not enough} {fortifications|defensive lines} {in the outskirts|on the river side}
"""),
    "betrayal": bank("""
the spies {among us|inside the town}
{traitors|informants} who {sold|gave away} {the positions|our positions}
{betrayal|treachery} from {inside|those we trusted}
the {defectors|deserters} who {ran|went over} to <army>
{the|some} {informers|hypocrites} {in our ranks|among the locals}
"""),
    "leadership": bank("""
{bad|wrong} decisions {by the commanders|of the emirs}
{the|some} {commanders|emirs} who {didn't listen|refused to withdraw in time|wasted the \
brothers}
{poor|terrible} planning {at the top|by those in charge}
{the|our} {leaders|commanders} {fighting among themselves|not agreeing on anything}
"""),
    "siege": bank("""
the siege{ that cut every road| and the hunger}
{being cut off|the encirclement} {for weeks|from all sides}
{hunger|no food}{ and no medicine|, no supply lines}
{the|their} {ring|noose} around the town{ that closed slowly|}
"""),
    "popular_support": bank("""
the people {turning against us|who stopped supporting us}
{the locals|the town people} who {welcomed|waited for} <army>
losing the {trust|hearts} of the people
{the families|the people} {leaving|fleeing} {and no one left|and the town empty}
"""),
    "divine_test": bank("""
our {sins|own sins}{, Allah withheld victory|}
{our pride|our arrogance} {and our sins|before Allah}
{Allah sifting|the decree of Allah sifting} the ranks because of our sins
{the sins|the injustice} {among us|of some brothers}{, so victory was withheld|}
"""),
}
