"""Phrase banks of the movement's official channel, English and Arabic.

The official voice never concedes a setback: combat bulletins in the movement's framing
(triumphalism), steadfastness without any loss in view (defiance), threats and calls against
the fictional enemies (incitement), and release notices with no morale content (none).
Incitement lines are tagged ``C`` (an explicit call) or ``T`` (a threat). Slots: ``<place>``,
``<army>``, ``<coalition>``, ``<unit>``, ``<tgt>``, ``<n>``, ``<title>``, ``<id>``.
"""

from __future__ import annotations

from undertow.demo.template import bank

BANKS = {
    ("en", "triumphalism"): bank("""
{soldiers of the State|the mujahideen|the lions of <unit>} {destroyed|disabled|burned} <n> \
{vehicles|Humvees|armoured vehicles} of <army> {near|outside|north of|south of|east of} <place>\
{, and all praise is due to Allah|, praise be to Allah|}
<n> {soldiers|members} of <army> {killed|were killed} {in clashes with|by the fire of} \
{soldiers of the State|the mujahideen} {near|in the outskirts of} <place>
{soldiers of the State|the mujahideen} {repelled|broke} {an attack|an advance} by <army> \
{on|towards} <place>{, inflicting heavy losses| and the rest fled}
{soldiers of the State|the mujahideen} {seized|captured} {weapons|ammunition|<n> vehicles} \
{after|following} {clashes|an assault} {near|in} <place>
{a drone|a reconnaissance drone} of <coalition> {downed|shot down} {over|near} <place>
{an assault|a raid} on {a gathering|positions|barracks} of <army> {near|in} <place> {killed \
<n>|left dozens dead and wounded}
<army> {flee|fled} their {positions|barracks} {near|around} <place> {after|under} {an \
assault|fire} by {soldiers of the State|the lions of <unit>}
{sniping|targeting} {<n> elements|a commander} of <army> {near|in} <place>
{heavy losses|dozens of dead} {among|in the ranks of} <army> {in|during} {their failed \
attack|the battles} {on|around} <place>
{the apostates|<army>} {suffer|suffered} {a humiliating|a heavy} defeat {at the hands of|before} \
{the soldiers of the State|the lions of <unit>} {near|in} <place>
"""),
    ("ar", "triumphalism"): bank("""
{تمكن|بفضل الله تمكن} {جنود الدولة|المجاهدون|أسود <unit>} من {تدمير|إعطاب|إحراق} <n> \
{آليات|عربات همفي|مدرعات} {للجيش المرتد|لجيش الردة|لميليشيا الوادي} {قرب|في محيط|شمال|جنوب|\
شرق} <place>{، ولله الحمد|، والحمد لله|}
{مقتل|هلاك} <n> من {عناصر|جنود} <army> {بنيران|برصاص|بهجوم} {جنود الدولة|المجاهدين} \
{في|قرب|في أطراف} <place>
{صد|كسر} {جنود الدولة|المجاهدون} {هجوماً|محاولة تقدم} {للجيش المرتد|لسرايا الوادي} \
{على|باتجاه} <place>{ وإيقاع قتلى في صفوفهم|، وفرار الباقين}
{اغتنام|غنم المجاهدون} {أسلحة|ذخائر|<n> آليات} {بعد|إثر} {اشتباكات|هجوم} {قرب|في} <place>
{إسقاط|إعطاب} طائرة {مسيرة|استطلاع} {للتحالف الصليبي|لقوات التحالف} {فوق|في سماء} <place>
{هجوم|إغارة} على {تجمع|مواقع|ثكنة} {للجيش المرتد|لميليشيا الوادي} {قرب|في} <place>{ يوقع <n> \
قتلى|، وقتلى وجرحى في صفوفهم}
{فرار|هروب} {المرتدين|عناصر <army>} من {مواقعهم|ثكناتهم} {قرب|حول} <place> {بعد|إثر} \
{هجوم|ضربات} {جنود الدولة|أسود <unit>}
{قنص|استهداف} {<n> عناصر|قيادي} من <army> {قرب|في} <place>
{خسائر فادحة|عشرات القتلى} في صفوف <army> {خلال|في} {هجومهم الفاشل|المعارك} {على|حول} <place>
{هزيمة|انكسار} {مذلة|ثقيلة} {للجيش المرتد|لميليشيا الوادي} على {أيدي|يد} {جنود الدولة|أسود \
<unit>} {قرب|في} <place>
"""),
    ("en", "defiance"): bank("""
{the State|the State of Islam} {remains|continues} {despite|in spite of} {the gathering of the \
crusaders|the alliance of the nations against it}{, and victory belongs to the believers|}
{however many|no matter how many} {they gather|armies they gather}, they will {not|never} \
break the resolve of {the soldiers of the State|the mujahideen}
{the war|this war} {is long|will be long} and {the soldiers of the State|the mujahideen} \
{are patient|will fight on} {until victory|to the end}
{the crusaders|<coalition>} will {tire|be defeated} long before {the soldiers of the State|the \
believers} {lay down their arms|bow}
{the State|our State} {will endure|stands firm}{, by the permission of Allah|, in sha Allah}\
{, whatever the crusaders plot|}
{victory|final victory} is {promised|certain}{, and the soldiers of the State are patient|, \
however long the road}
"""),
    ("ar", "defiance"): bank("""
{الدولة|دولة الإسلام} {ماضية|مستمرة} {رغم|على الرغم من} {تكالب الصليبيين|اجتماع الأحزاب \
عليها}{، والنصر للموحدين|}
{مهما|ومهما} {حشدوا|جمعوا}{،|} {فلن يكسروا|لن يكسروا} عزيمة {جنود الدولة|المجاهدين}
{الحرب|المعركة} {طويلة|ما زالت طويلة}{ و|، و}{جنود الدولة|المجاهدون} {صابرون|ماضون} {حتى \
النصر|حتى النهاية}
سيتعب {الصليبيون|التحالف} قبل أن {يلقي جنود الدولة سلاحهم|يتعب المجاهدون}
{الدولة|دولتنا} {ثابتة|صامدة} {بإذن الله|رغم أنوف الكافرين}{، مهما كاد الصليبيون|}
{النصر|التمكين} {موعود|آت لا محالة}{، والمجاهدون صابرون|، مهما طال الطريق}
"""),
    ("en", "incitement"): bank("""
T| {a message to|to} <tgt>: {your days are numbered|you will pay dearly|what is coming is worse}
C| {O supporters of the State|supporters of the State}, {fight|strike} <tgt> {wherever they \
are|with all you have}
T| {the soldiers of the State|we} {will|shall} {crush|slaughter} <tgt> {in their bases|one by \
one}
T| <tgt> will {never know safety|not be safe} {again|anywhere}{, this is a promise|}
"""),
    ("ar", "incitement"): bank("""
T| {رسالة إلى|إلى} <tgt>: {أيامكم معدودة|ستدفعون الثمن غالياً|والقادم أسوأ}
C| {يا أنصار الدولة|أيها الأنصار}{،|} {قاتلوا|اضربوا} <tgt> {حيثما كانوا|بكل ما تستطيعون}
T| {سيسحق|سوف يسحق} {جنود الدولة|المجاهدون} <tgt> {في ثكناتهم|واحداً واحداً}
T| لن {يعرف|يذوق} <tgt> {الأمان|طعم الأمن} {بعد اليوم|أبداً}{، وهذا وعد|}
"""),
    ("en", "none"): bank("""
{new release|new video|new audio}: "<title>" https://example.invalid/r/<id>
{new nasheed|nasheed}: "<title>"
{the new link of the channel|backup channel}: https://example.invalid/c/<id>
{coming soon|soon}: "<title>"
{a reminder|reminder}: {the morning adhkar|pray on time|read your daily portion of Quran}
{weekly|new issue of the} {bulletin|newsletter}: "<title>" https://example.invalid/n/<id>
"""),
    ("ar", "none"): bank("""
{إصدار جديد|جديد} {بعنوان|:} «<title>» https://example.invalid/r/<id>
{نشيد جديد|أنشودة جديدة}: «<title>»
{الرابط الجديد للقناة|القناة البديلة}: https://example.invalid/c/<id>
{قريباً|انتظروا قريباً}: «<title>»
{تذكير|للتذكير}: {أذكار الصباح|الصلاة على وقتها|وردك اليومي من القرآن}
{العدد الجديد من|النشرة الأسبوعية} {النشرة|} «<title>» https://example.invalid/n/<id>
"""),
}

TITLES = {
    "en": bank("""
{Dawn|Winds|Lions|Echo|Footsteps|Voice|Path} of {the Desert|Victory|the Valley|Steadfastness|\
the Brave|the River}
"""),
    "ar": bank("""
{فجر|رياح|أسود|صدى|خطى|صوت|درب} {الصحراء|النصر|الوادي|الثبات|الأبطال|النهر}
"""),
}

HEADERS = {
    "en": ("#Wilayat_Marj_alRamad", "#Wilayat_alNahr", "#Sada_News", "#Breaking", "#Bulletin"),
    "ar": ("#ولاية_مرج_الرماد", "#ولاية_النهر", "#وكالة_صدى", "#عاجل", "#حصاد_الأسبوع"),
}
