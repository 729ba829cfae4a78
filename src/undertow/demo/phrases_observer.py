"""Phrase banks of the observer news wire: neutral English reports of the same events.

These are the trap for a careless coder: they speak of towns "retaken", of the group's
"losses" and of its claims, yet in an observer's neutral voice, which the codebook codes
``none``. Slots: ``<place>``, ``<army>``, ``<militia>``, ``<coalition>``, ``<n>``,
``<weekday>``, ``<region>``.
"""

from __future__ import annotations

from undertow.demo.template import bank

LEADS = {
    "offensive_start": bank("""
<army> {launched|began} an offensive {on|to retake} <place> on <weekday>, {backed by|supported \
by} <coalition> air strikes, {a military spokesman said|officials said}
{troops|government troops} {advanced|moved} {towards|on} <place> {from the south|from two \
directions} on <weekday>, {according to|said} {a military statement|local officials}
{heavy fighting|fighting} was reported on the {edges|outskirts} of <place> {on <weekday>|\
overnight} as <army> {pushed|moved} {into|towards} the town
"""),
    "isis_loss": bank("""
<army> said on <weekday> {they|it} had {retaken|recaptured|regained control of} <place> from \
the State group {after|following} {a <n>-week offensive|weeks of fighting}
{the State group|the group} {lost|was driven out of} <place> on <weekday>, {officials said|\
according to a government statement}{, after <n> days of fighting|}
<army> {announced|declared} {they|it} had {taken|entered} <place> on <weekday>{, a claim \
confirmed by local sources|, after weeks of fighting}
{residents|witnesses} {reached by phone|contacted by} {reporters|the wire} said {the group's \
fighters|State group fighters} had {withdrawn|pulled out} of <place> {overnight|before dawn}
"""),
    "isis_gain": bank("""
{fighters of the State group|State group fighters} {seized|took control of} <place> \
{on <weekday>|overnight}, {residents said|according to local sources}
<militia> {withdrew from|abandoned} <place> {on <weekday>|overnight} after an attack by the \
State group, {a militia spokesman said|officials said}
"""),
    "declared_defeat": bank("""
{the government|officials} {declared|announced} the <region> region {cleared of|free of} State \
group fighters on <weekday>
<army> {said|announced} on <weekday> that {operations|the campaign} in the <region> region \
{had ended|were over}{, describing the area as cleared|}
"""),
    "routine": bank("""
<coalition> {carried out|conducted} <n> strikes {near|around} <place> {on <weekday>|over the \
weekend}, {a spokesman said|according to a Coalition statement}
{the State group|the group} {claimed|said} on its channel that its fighters had {killed <n> \
soldiers|destroyed <n> vehicles} near <place>{; the claim could not be independently \
verified|. There was no independent confirmation}
{aid agencies|a relief organisation} {said|reported} that {hundreds|thousands} of families had \
{fled|left} <place> {in recent weeks|since the fighting began}
{clashes|exchanges of fire} between <army> and State group fighters were reported {near|north \
of} <place> on <weekday>{, with no word on casualties|}
{a local official|officials} in <place> said {prices|the price of bread} had {doubled|risen \
sharply} {since|because of} the {fighting|closure of the roads}
{analysts|researchers} {say|said} the group's {online supporters|channels} {have grown|were} \
{quieter|more subdued} {since|after} the {losses|recent fighting} around <place>
{supporters of the group|the group's supporters} {reacted|responded} {online|on forums} with \
{dismay|anger} to {the news from|the fighting in} <place>{, according to researchers who \
monitor the forums|}
"""),
}

CONTEXT = bank("""
It was not possible to verify the figures independently
{the group|the State group} has not commented
{fighting|sporadic fighting} was continuing in the outskirts, a local official said
{thousands of|many} civilians are believed to remain in the area
the Coalition said it had {conducted|carried out} <n> strikes in the area over the past week
the town had been {held|controlled} by the group for {more than a year|over a year|two years}
{officials|aid workers} said {mines|explosive remnants} were slowing the return of residents
the group's channel made no mention of the {fighting|events}
""")

OUTLETS = ("Northern Wire", "Valley Dispatch", "Meridian News Desk", "Frontline Monitor")
