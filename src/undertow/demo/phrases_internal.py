"""Phrase banks of the internal documents: leaflets and memos circulated inside the movement.

Unlike the official channel, these concede retreat, often in hedged clauses ("however much
the State retreats in the fields of the land ..."), analyse its causes and urge steadfastness.
Each sentence's tags give its labels: ``A`` admission, ``D`` defiance, ``C`` consolation,
``R`` rebuke, ``W`` worry, ``F`` failure analysis with a cause code (``AIR`` air power, ``NUM``
enemy numbers, ``WPN`` weapons shortage, ``UND`` underestimation, ``FOR`` fortification,
``BET`` betrayal, ``LDR`` leadership, ``SIE`` siege, ``POP`` popular support, ``DIV`` divine
test); untagged sentences carry no label. Slots: ``<lost>``, ``<target>``, ``<area>``.
"""

from __future__ import annotations

from undertow.demo.template import bank

CAUSE_CODES = {
    "AIR": "air_power",
    "NUM": "enemy_numbers",
    "WPN": "weapons_shortage",
    "UND": "underestimation",
    "FOR": "fortification",
    "BET": "betrayal",
    "LDR": "leadership",
    "SIE": "siege",
    "POP": "popular_support",
    "DIV": "divine_test",
}
LABEL_CODES = {
    "A": "admission",
    "D": "defiance",
    "C": "consolation",
    "R": "rebuke",
    "W": "worry",
    "F": "failure_analysis",
}

EN = {
    "none": bank("""
{From|Issued by} the {office of preaching and guidance|committee for the soldiers' affairs} \
to the soldiers of the State in <area>
{Peace be upon you|Peace, mercy and blessings of Allah be upon you}, {brothers|soldiers of \
the State}
{This leaflet|This letter} is {to be read|read aloud} to the brothers in the {camps|camps and \
mosques}
{This letter|This memo} is {for|addressed to} the {soldiers|commanders} {only|and their \
deputies} and is not to be {shared outside|published}
"""),
    "hedge": bank("""
A,D| {However much|Whatever} the State retreats in the fields of the land, it does not retreat \
from its {path|creed}{, and it will return|}
A,D| {Even if|Though} the State has {left|withdrawn from} {towns|some towns} in the fields of \
the land, {its path remains|it has not left its path}
"""),
    "admission": bank("""
A| We do not hide from you that the brothers {withdrew from|left} <lost> {after a long \
battle|after weeks of bombardment}
A| {It is true that|No one denies that} the {enemy|apostates} {entered|took} <lost>{, and that \
many brothers were killed there|}
A| The withdrawal from <lost> was {painful|heavy}{, and many of the brothers who held it are \
now among the dead|}
A| {Some|Several} {positions|districts} {were lost|were given up} in the {recent battles|fighting \
of this season}{, and the enemy now holds <lost>|}
"""),
    "fa": bank("""
F,AIR| The enemy did not win by courage but by {his aircraft|the aircraft of the crusaders}, \
which {watched every road|struck every gathering} {day and night|for weeks}
F,BET| {Spies|Informants} {among the people|in our ranks} {gave away|revealed} the positions of \
the brothers{, and the strikes followed them|}
F,WPN| The brothers {lacked|had too few} weapons {that stop armour|against armour}{, and the \
ammunition did not arrive in time|}
F,LDR| Some {commanders|emirs} {did not heed advice|ignored the reports from the front} and \
{held positions that could not be held|kept the brothers where they could not stand}
F,FOR| The {trenches|defences} {around the town|on the river side} {were not finished|were too \
weak} when the attack came
F,SIE| The siege {cut the roads|closed every road} for {weeks|many weeks}{, and hunger wore down \
the defenders|}
F,POP| {Many of the people|Some of the townspeople} {turned away from|no longer supported} the \
State{, and some guided the enemy|}
F,DIV| {What befell us|This loss} is {because of|a consequence of} our sins {and our neglect of \
obedience|and our distance from the religion}
F,NUM| {Nations|Dozens of nations} {gathered|allied} against one State{, and their numbers \
exceeded ours many times|}
F,UND| {We|Some of us} underestimated the enemy{, thinking he would flee as before|}
"""),
    "consolation": bank("""
C| Let no {brother|soldier} {grieve|despair}: this is a trial {by which the ranks are \
sifted|that purifies the ranks}{, and the reward of the patient is not lost|}
C| The {companions|first believers} {suffered defeats|were tested with defeats}{, and victory \
came to them after|}
C| {Whoever|The one who} {fell|was killed} {has reached|has attained} what he sought{, so let \
his family not grieve|}
C| Be patient{, brothers|}: relief is near{, in sha Allah|}
"""),
    "defiance": bank("""
D| The war {is long|will be long}, and {the State|the soldiers of the State} {will fight on|\
remain} {until victory|to the end}
D| {Towns|Land} may be lost{ and taken again|}, but the {path|creed} does not die
D| We {began|started} {in the deserts|with a handful of men}{, and we fear no new beginning|}
"""),
    "rebuke": bank("""
R| {Those who|Whoever} {spread|repeat} {rumours|the enemy's news} among the brothers {harm|\
weaken} the ranks {more than|as much as} the enemy
R| {It has reached us|We have heard} that some {brothers|soldiers} {complain|despair} \
{openly|in front of others}; this {is not the way of|does not befit} the steadfast
R| {Those who|Whoever} {leave their posts|flee} {without orders|at the first bombardment} \
{fail|betray} their brothers
"""),
    "worry": bank("""
W| {We fear|It is feared} that the enemy will {turn|move} {next|soon} {to|towards} <target>
W| The {coming months|winter} {will be|may be} {harder|difficult}{, and we fear for the supply \
roads to <target>|, and we worry for the families in <target>}
"""),
}

AR = {
    "none": bank("""
{صادر عن|من} {ديوان الدعوة والإرشاد|مكتب شؤون الجند} {إلى جنود الدولة|لجنود الدولة} في <area>
{السلام عليكم ورحمة الله وبركاته|السلام عليكم}، {أما بعد|وبعد}
تُقرأ هذه {النشرة|الرسالة} على الإخوة في {المعسكرات|المساجد والمعسكرات}
هذه {الرسالة|المذكرة} {خاصة بالجند|خاصة بالأمراء ونوابهم} {ولا تُنشر|ولا يجوز نشرها} خارجهم
"""),
    "hedge": bank("""
A,D| {مهما|ومهما} تراجعت الدولة في ميادين الأرض{، فإنها لا تتراجع عن منهجها|، فلن تتراجع عن \
عقيدتها}{، وستعود بإذن الله|}
A,D| {وإن|ولئن} {خرجت|انحازت} الدولة من {مدن|بعض المدن} في ميادين الأرض{، فإن منهجها باقٍ|، \
فإنها لم تخرج من منهجها}
"""),
    "admission": bank("""
A| لا نخفي عليكم أن الإخوة {انحازوا من|خرجوا من} <lost> {بعد معركة طويلة|بعد أسابيع من القصف}
A| {صحيح أن|لا ينكر أحد أن} {العدو|المرتدين} {دخلوا|سيطروا على} <lost>{، وأن كثيراً من الإخوة \
قُتلوا فيها|}
A| كان الانحياز من <lost> {مؤلماً|ثقيلاً}{، وقد قُتل كثير من الإخوة الذين ثبتوا فيها|}
A| {خسرنا|فقدنا} {بعض المواقع|عدة أحياء} في {المعارك الأخيرة|معارك هذا الموسم}{، وأصبح العدو \
يسيطر على <lost>|}
"""),
    "fa": bank("""
F,AIR| لم ينتصر العدو بشجاعته بل {بطائراته|بطائرات الصليبيين} التي {راقبت كل طريق|ضربت كل تجمع} \
{ليلاً ونهاراً|لأسابيع}
F,BET| {الجواسيس|المخبرون} {بين الناس|في صفوفنا} {كشفوا|دلّوا على} مواقع الإخوة{، فتبعتهم \
الغارات|}
F,WPN| {قلّت|نقصت} عند الإخوة {الأسلحة المضادة للدروع|مضادات الدروع}{، ولم تصل الذخيرة في \
وقتها|}
F,LDR| بعض {الأمراء|القادة} لم {يأخذوا بالنصيحة|يستمعوا لتقارير الجبهة} {وأبقوا الإخوة حيث لا \
يمكن الثبات|وتمسكوا بمواقع أكثر مما ينبغي}
F,SIE| {قطع|أغلق} الحصار {كل الطرق|الطرق} {لأسابيع|أسابيع طويلة}{، فأنهك الجوع الإخوة|، \
وأضعف النقص المدافعين}
F,POP| {تخلى كثير من الناس|انصرف بعض الأهالي} عن الدولة{، ودلّ بعضهم العدو|}
F,DIV| {ما أصابنا|هذه المصيبة} {بسبب|من} ذنوبنا {وتقصيرنا في الطاعة|وبعدنا عن الدين}
F,NUM| {اجتمعت|تحالفت} {الأمم|عشرات الدول} على {دولة واحدة|الدولة}{، وفاقت أعدادهم أعدادنا \
أضعافاً|}
F,FOR| لم {تكتمل|تُستكمل} {الخنادق|التحصينات} {حول المدينة|على ضفة النهر} {حين جاء الهجوم|قبل \
الهجوم}
"""),
    "consolation": bank("""
C| فلا {يحزن|ييأس} {أحد من الإخوة|جندي}{،|:} {فهذا ابتلاء يمحّص الله به الصفوف|فإنما هي محنة \
تنقي الصفوف}{، وأجر الصابرين لا يضيع|}
C| {لقد ابتُلي|ابتُلي} {الصحابة|السابقون} بالهزائم{، ثم جاءهم النصر|، ولم يضعفوا}
C| {من|ومن} قُتل من الإخوة {فقد نال ما طلب|فقد بلغ ما أراد}{، فلا يحزن أهله|}
C| اصبروا{ يا إخوة|}{،|} فالفرج قريب{ بإذن الله|}
"""),
    "defiance": bank("""
D| {الحرب|المعركة} طويلة{، والدولة ماضية حتى النصر|، وجنود الدولة ثابتون حتى النهاية}
D| قد {تُخسر|تُؤخذ} {المدن|الأرض}{ ثم تُسترد|}، لكن {المنهج لا يموت|العقيدة لا تموت}
D| بدأنا {في الصحراء|بنفر قليل}{، ولا نخشى أن نبدأ من جديد|}
"""),
    "rebuke": bank("""
R| {الذين|من} {ينشرون|يرددون} {الإشاعات|أخبار العدو} بين الإخوة {يضرون|يضعفون} الصفوف {أكثر من \
العدو|كما يفعل العدو}
R| {بلغنا|وصلنا} أن بعض {الإخوة|الجنود} {يشكون|ييأسون} {علناً|أمام الناس}، وهذا {ليس من شأن \
الثابتين|لا يليق بالثابتين}
R| {من يترك موقعه|من يفرّ} {بلا أمر|عند أول قصف} {يخذل|يخون} إخوانه
"""),
    "worry": bank("""
W| {نخشى|يُخشى} أن {يتجه|ينتقل} العدو {قريباً|بعد ذلك} {إلى|نحو} <target>
W| {الأشهر القادمة|الشتاء القادم} {قد تكون أصعب|سيكون شديداً}{، ونخشى على طرق الإمداد إلى \
<target>|، ونخاف على العائلات في <target>}
"""),
}
