"""English phrase banks, part 3: posts with no morale content, and the glue around labelled ones.

``NONE`` holds the kinds of ``none`` posts real forums are full of (greetings, religious
formulae, thanks, agreement, off-topic questions, news links, spam); ``FILLER``, ``OPENER``,
``CLOSER`` and ``CONTRAST`` are label-neutral pieces the composer wraps around labelled clauses.
Tags ``RAM`` and ``EID`` limit a phrase to the season. Links only ever point at
``example.invalid``.
"""

from __future__ import annotations

from undertow.demo.template import bank

NONE = {
    "greeting": bank("""
{salam alaykum|assalamu alaikum|as-salamu alaykum} {brothers|everyone|ya ikhwa}{, hope you're \
all well|, long time no see|}
{good morning|morning} {everyone|brothers}{, may Allah bless your day|}
{welcome|ahlan} {back|} {akhi|brother}{!|, good to see you}
{hi|hello|salam} {all|everyone}, {new here|first post}{, glad to be here|}
{salam|salaam} {to all the brothers|ya ikhwan}{, how is everyone|, what's new}{?|}
{back after|back online after} {a few days|a week|a long time} {away|offline}{, salam all|}
"""),
    "religious": bank("""
{subhanAllah|SubhanAllah wa bihamdihi}{, subhanAllah al-azeem|}
{alhamdulillah|Alhamdulillah} {always|for the blessings of this day|for Islam}
{Jumu'ah mubarak|Jummah mubarak} {to all|brothers}{, don't forget the dua|}
{remember|don't forget} {your morning adhkar|to make dua for the sick brothers|the dhikr of \
the evening}
{astaghfirullah|Astaghfirullah wa atubu ilayh}
{la ilaha illa Allah|La ilaha illallah}{, Muhammad rasul Allah|}
{reminder|a reminder}: {pray on time|read a page of Quran today|fast Monday and Thursday}\
{, brothers|}
RAM| {Ramadan|Ramadhan} {kareem|mubarak} {everyone|to all the brothers}{, may Allah accept \
our fasting|}
EID| {Eid mubarak|eid mubarak} {to all|everyone|ya ikhwa}{, taqabbal Allahu minna wa minkum|}
"""),
    "thanks": bank("""
{jazakAllah khayr|JazakAllahu khayran|jzk} {akhi|brother|for sharing}
{ameen|ameen ya rabb|aameen}{, ameen|}
{barakAllahu feek|barak Allahu feekum}{ akhi| brother|}
{thanks|thx|shukran} {for the update|for posting this|for the link}
{may Allah reward you|Allah reward you}{ for this|, akhi|}
"""),
    "agree": bank("""
{this|exactly|true|so true}
{agreed|agree 100%|well said}{, akhi|}
{+1|same here|same}
{good point|fair point}{, brother|}
"""),
    "offtopic": bank("""
{does anyone|anyone} {know|have} {a good|a} {tafsir|arabic course|book on fiqh} {in english|for \
beginners}{?|}
my {internet|connection} {is|has been} {so slow|terrible} {today|this week}{, sorry for the \
late replies|}
{how do|how can} I {change|reset} my {avatar|password} on this forum{?|}
{the forum|the site} {was down|was offline} {yesterday|for hours}{, anyone else?|}
{anyone|who} {has|got} the {new|latest} nasheed{? link pls|? the one from last week}
{what's|what is} the best way to {learn arabic|memorise surahs} {as an adult|fast}{?|}
{my exams are|my job is|work is} {killing me|taking all my time}{, make dua|}
{is there|any} {a thread|topic} about {recipes|cooking} {for ramadan|}{? lol|?}
{weather|the heat} {here|today} is {crazy|unbearable}{, subhanAllah|}
{can a mod|mods pls} {fix|look at} the {thread titles|broken images}{?|}
{I|i} {lost|forgot} my {old account|password}{, this is my new one|, same person here}
"""),
    "news_link": bank("""
{sharing|fyi|for info}: https://example.invalid/news/<id>
{link|source}: https://example.invalid/<id>{ - read it yourself| - make up your own mind|}
{a report on|article about} {bread prices|the fuel shortage in the capital|the elections in \
the capital} https://example.invalid/a/<id>
{new|latest} {article|interview} {from|on} {an analyst|a western site} https://example.invalid/\
p/<id>{ , discuss|}
"""),
    "spam": bank("""
{CHEAP|cheap} {phone cases|perfumes|prayer mats} {50% off|best prices}{, dm me|, contact me on \
the usual app}
{earn|make} <nn> dollars a day from home{!!| -} https://example.invalid/offer/<id>
{follow|join} my {new|backup} channel {for more|pls} https://example.invalid/c/<id>
{attars|oud oil|miswak} {for sale|wholesale}{, shipping everywhere|, message me}
"""),
}

FILLER = bank("""
{I've been|been} {reading|following} {the threads|the news} {all day|all night|since morning}
{sorry|forgive me} for {my english|my bad english|the long post}
{long time|first time} {reader|lurker} here
{just|} {my two cents|my opinion}
{let me|I want to} say {something|one thing}
I {don't usually|rarely} post{, but| -} {here goes|I have to say this}
{read|see} {the last page|the thread above}
{I|i} {was|have been} {thinking|thinking about this} {a lot|all week}
{ok|alright} {listen|here is what I think}
{not sure|no idea} if this is the right thread{, mods move it if not|}
""")

OPENER = bank("""
<bro>,
{honestly|tbh|ok|look|listen},
{wallahi|by Allah},
{salam|as-salamu alaykum} <bro>,
{so|well},
""")

CLOSER = bank("""
in sha Allah
{Allahu a'lam|wallahu a'lam}
and Allah knows best
{may Allah guide us|may Allah guide us all}
ya Allah
{la hawla wa la quwwata illa billah|la hawla wala quwwata illa billah}
""")

CONTRAST = bank("""
but
yet
still
even so
and still
however
""")

#: Emoji by the mood of a post.
EMOJI = {
    "sad": ("💔", "😢", "😭", "🥀", "😔"),
    "strong": ("💪", "🔥", "⚔️", "🦁", "✊"),
    "pious": ("🤲", "☝️", "📿", "🕋"),
    "neutral": ("👍", "🙏", "👇", "🙂"),
    "mock": ("😂", "🤣", "😆"),
}

#: Hashtags English-speaking supporters use (the place tags are made from the place names).
HASHTAGS = (
    "#StayFirm",
    "#TheStateStands",
    "#news",
    "#sabr",
    "#ummah",
    "#NeverBow",
    "#MarjAlRamad",
    "#update",
)

#: Code-switching: English words some authors write in transliterated Arabic.
SWITCH = {
    "brothers": ("ikhwa", "ikhwan"),
    "brother": ("akhi", "akh"),
    "patience": ("sabr",),
    "by Allah": ("wallahi",),
    "God willing": ("in sha Allah",),
    "apostates": ("murtaddeen",),
}
SWITCH_AR = ("ان شاء الله", "الحمد لله", "الله أكبر", "يا ربّ", "لا حول ولا قوة إلا بالله")
