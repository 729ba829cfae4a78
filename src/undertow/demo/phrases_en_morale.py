"""English phrase banks, part 2: consolation, defiance, rebuke, triumphalism and incitement.

Incitement is generic and non-operational by design: fictional targets only (the demo's
coalition, army and militia, "the traitors"), no methods, weapons, real places or dates.
Tags as in :mod:`undertow.demo.phrases_en`.
"""

from __future__ import annotations

from undertow.demo.template import bank

CONSOLATION = bank("""
{don't|do not} {be sad|grieve|despair}{, <bro>|}{, this is a test from Allah|. it's a test|}
{be patient|patience}{, <bro>|}{,| -} {the reward is with Allah|relief is near|Allah sees your \
patience}
{losses are normal|setbacks are normal|every army loses towns} when {the whole world|sixty \
nations|everyone} {fights|is against} you
{dry your tears|wipe your tears}{, <bro>|}{, Allah sees everything|, nothing is lost with Allah}
{remember|never forget} {the companions|the early believers} {lost battles too|also suffered \
defeats}{, and they came through|}
{hold on|stay strong}{, <bro>|}{. the night is darkest before dawn|, hardship doesn't last}
{your brothers|we} {are with you|love you for Allah's sake}{, don't carry this alone|}
{it's okay|it is ok} to {be sad|cry}{, but|;} {trust Allah's plan|don't lose trust in Allah}
{the martyrs|the brothers who fell} are {in a better place|in Paradise in sha Allah}{, don't \
mourn them like the hopeless|}
{a town|land} is {just|only} {dirt|land}{,| -} {what matters|the important thing} is {your \
faith|that we stay true}
{take heart|cheer up}{, <bro>|}{:|,} {this too will pass|every trial ends}
Allah {tests|only tests} those He loves{, <bro>|}{, so be patient|}
{sabr|patience}{, <bro>|}{. everything happens by the decree of Allah| - Allah chose this for a \
reason}
{stay close|we're all here for you}{, <bro>|}{, we are one body|}
{I know it hurts|I know it's hard}{,| but} {Allah will replace it with something better|you are \
not alone}
{lift your head|raise your head}{, <bro>|}{, your reward is not lost|, Allah is watching over \
you}
{a trial|hardship} {purifies|cleans} {the ranks|the hearts}{, so don't be sad|, take comfort in \
that}
{don't let|never let} {the news|this} {break your heart|crush you}{, <bro>|}{, Allah is the \
best of planners|}
""")

DEFIANCE = bank("""
A,L| we lost {a battle|a town}{,| -} not the war
{the war is long|this war is long}{,| and} {we are patient|we are not going anywhere|the end is \
not written yet}
{they can take|let them take} {the towns|every town|the land}{,| but} {they'll never take our \
resolve|the idea will never die}
A,L| we {will|shall} {return|come back} to <lost>{, in sha Allah| one day|, sooner than they \
think}
{the State|<state>} {will|shall} {rise again|come back stronger|outlast them all}
{we will|we'll} {fight on|keep fighting|never stop} {until the end|to the last man|whatever it \
takes}
{victory|final victory} {is coming|belongs to the believers}{, no matter how long it takes|, be \
sure of it}
A,L| {retreat|withdrawal} is {not defeat|part of war}{,| -} {we will be back|the deserts are \
still ours}
{they|<army>} {will never|can never} {break|finish} us{, never|!|}
{every|each} {setback|loss} {only|just} makes {us stronger|the brothers more determined}
{this is|it's} {only|just} {the beginning|a new chapter}{, not the end|}
{remember|mark} {this|my words}{:|,} {the State|<state>} {will remain|remains}{ and|,} {their \
coalition will fall apart|they will tire before we do}
we {started|began} {with nothing|in the deserts}{,| and} {we can start again|we can do it again}
{no matter how hard they bomb|no matter how many they gather|whatever they throw at us}{,| -} \
{we stand|we're still here}
{let them|they can} {celebrate|dance}{, <bro>|}{,| -} {their joy won't last|the last word is \
ours}
{the struggle|this path} is {long|a long one}{, and we will walk it to the end|. we keep going}
{we|the brothers} {will never|won't ever} {surrender|bow to them}{, not in a hundred years|}
{the last chapter|the end of this story} {hasn't been|has not been} written{, <bro>|}{, they \
celebrate too early|}
""")

REBUKE = bank("""
{stop|enough of} {whining|crying|this crying}{, <bro>|}{!|.} where is your {faith|tawakkul}{?|}
{did you|you} {think|thought} {victory|the State} would come {without|with no} {blood|sacrifice}\
{?|??}
{those who|people who} {despair|lose heart} {at the first hardship|after one bad week} {have \
weak iman|never understood this path}
{you|u} {expected|wanted} to win every battle{?|??} {grow up|wake up|be serious}
{stop|quit} {spreading fear|spreading panic|demoralising the brothers} {on this forum|here}{, \
<bro>|}
shame on {you|those} who {doubt|complain} {now|at the first hardship}
{is this|this is} {how|the way} {you|u} {repay|support} the brothers{?|,} {with tears and \
complaints|by crying online}{?|}
if you {can't|cannot} {handle|bear} {losses|bad news}{, stay off the forum|, keep quiet|, then \
be silent}
{some of you|some people here} {sound like|talk like} {the enemy's media|their journalists}{, \
fear Allah|}
{your|these} {complaints|posts} {help|serve} {nobody but|only} <army>{, think before you post|}
{read|learn} {your history|history}{,| -} every {movement|true path} {had|has} {hard days|\
setbacks}{, stop being so naive|}
{you were|u were} {cheering|celebrating} {yesterday|last month}{, and now you cry?|, now you \
want to quit?}
{this forum|this place} {is not|isn't} {a place|the place} for {despair|defeatism}{, <bro>|}
{ya akhi|<bro>}{,| -} {patience is part of faith|impatience is from shaytan}{, stop \
complaining|}
{man|akhi}, {pull yourself together|get a grip}{, the brothers at the front don't cry like you|}
{so much|all this} {drama|panic} {on this forum|in one day}{?|??} {seriously|really}{?|}
{the weak in faith|the faint-hearted} {are showing themselves|show their faces} {now|these \
days}{, shame|}
""")

TRIUMPHALISM = bank("""
{the lions of|the heroes of} <unit> {destroyed|burned|wiped out} <n> {vehicles|humvees|\
positions} of <army>{ near <held>|}
G| {Allahu akbar|allahu akbar}{!|!!} {<gained> is ours|the brothers took <gained>}
G| {<gained>|the whole of <gained>} {is|is now} in the hands of the State{, praise be to Allah|!}
{the State|<state>} {is expanding|keeps expanding|grows stronger every day}{, praise be to Allah|}
{the crusaders|<army>} {ran|fled} {like rats|in panic} {from|near} <held>{, leaving their \
weapons behind|}
{another|a new} {victory|blessed day} {for the State|near <held>}{!|, the apostates are \
humiliated}
{look at|see} {how|} <army> {runs|is running} {whenever|as soon as} {the brothers|our lions} \
{appear|show up}
<n> {apostates|soldiers of <army>} {killed|dead} {today|this morning} {near <held>|in one \
attack}{, and our losses were light|}
{no one|nothing} {can|will} stop {the State|<state>}{, look at the map|, they are terrified}
<coalition> {bombed|has bombed} {day and night|for weeks} {and achieved nothing|yet the brothers \
advance}
{our brothers|the brothers} {control|hold} {all of|} <held> {and beyond|}{, and the enemy \
trembles|}
{the apostates|<army>} {are|were} {humiliated|disgraced} {again|once more} {near <held>|at the \
front}
{the State|<state>} {is stronger than ever|has never been stronger}{, <bro>|}{!|}
{they|the enemy} {said|claimed} they would {take|enter} <held>{,| and} {look at them now|they \
got crushed}
{the soldiers of the State|our soldiers} {captured|seized} {<n> vehicles|a whole depot|their \
weapons} {near <held>|}
{update|news}: the brothers {repelled|broke} an attack {on|near} <held>, <n> {apostates|enemy \
soldiers} killed
{haha|lol}, <army> {tried again|attacked again} at <held> and {got smashed|ran away again}
{what a|such a} {day|week} for the {mujahideen|brothers}{!|, <army> is in pieces}
""")

INCITE_CALL = bank("""
{brothers|<bro>}, {avenge|take revenge for} {our brothers|the martyrs} {on|against} <tgt>
L| {brothers|<bro>}, {avenge|take revenge for} <lost> {on|against} <tgt>
{make|let} <tgt> pay {for every drop|in blood|a price they never forget}
{rise up|strike back} and make <tgt> {feel|taste} {fear|what we felt}
{every|each} {supporter|one of us} {must|should} {stand against|fight} <tgt> {wherever he is|\
with all he has}
{don't|do not} let <tgt> {sleep|rest} {in peace|safely}{, <bro>|}
{fight|kill} <tgt> as they {killed our brothers|fought us}{, no mercy|}
{go out|rise} {against|and fight} <tgt>{, the time for words is over|, <bro>}
""")

INCITE_THREAT = bank("""
{we will|we'll} {come back|return} for {you|your heads}, <tgt>
<tgt>{,|:} {your blood|you} will pay for {this|every martyr}
L| <tgt>{,|:} {your blood|you} will pay for <lost>
{wait|just wait}{,| -} <tgt>{, what is coming will make you forget|, your days are numbered}
{we will|we'll} {slaughter|crush} <tgt> {in their own bases|one by one}
<tgt> will {never be safe|not sleep safely} {again|anywhere}{, we promise you|}
{mark our words|hear this}, <tgt>{:|,} {we are coming|your turn will come}
""")

INCITE_ENDORSE = bank("""
CO| {may Allah accept|Allah accept} the {brother|lion} who {struck|hit} <tgt> {in their own \
land|far from the front}
CO| {that|the} {attack|operation} on <tgt> in {their own land|their own cities} {healed the \
hearts|was a blessing}{ of the believers|}
TR| <tgt> got {what they deserved|their punishment}{, may it be a lesson|, may it be a lesson \
to the rest}
TR| {the execution of|the punishment of} <tgt> {healed the hearts|was justice}{, may there be \
more|}
""")
