# SPDX-License-Identifier: EUPL-1.2
"""Dutch stop words and the generic words of post-it language.

``STOPWORDS`` are function words: they carry no topic and are dropped
before grouping. ``GENERIC_WORDS`` are content words that nearly every
post-it could contain ("belangrijk", "probleem", "moeten"); they are kept
out of features and labels because they make unrelated post-its look alike.
"""

from __future__ import annotations


def _word_list(block: str) -> frozenset[str]:
    return frozenset(block.split())


STOPWORDS: frozenset[str] = _word_list(
    """
    aan aangezien achter af al alle alleen alles als alsnog altijd ander andere anders
    want waar waaraan waarbij waardoor waarin waarmee waarom waarop waarover waaruit wanneer
    bij bijna binnen boven buiten daar daaraan daarbij daardoor daarin daarmee daarna daarom
    daarop daarover daarvan dan dat de deze die dit doch door dus een eens elk elke en enig
    enige enkele er erg ergens even ge geen gehad geweest haar had hadden heb hebben hebt
    heeft hem hen het hier hij hoe hoewel hun iemand iets ik in ineens is ja je jij jou jouw
    jullie kan kon konden kun kunnen kunt maar me meer mij mijn men met mezelf mij mijn
    misschien moest moesten na naar naast net niet niets nog nu of om omdat omtrent onder
    ons onze ook op opdat over overigens pas per reeds rond sinds sommige te tegen ten ter
    terwijl tijdens toch toen tot tussen u uit uw van vanaf vanuit veel voor vooral voordat
    vrij waren was wat we wel welk welke werd werden wie wij wordt worden zal ze zelf zelfs
    zich zij zijn zo zoals zodat zonder zou zouden zullen zulk zulke hierbij hiervoor
    ipv oa mbt bv bijv bijvoorbeeld evt etc etcetera enz nl dwz ivm tov mn incl excl
    daarvoor hiermee iedereen ieder iedere eigen eigenlijk gewoon juist nou ofwel oké ok
    beetje echter dus zowel alsook vaak soms steeds weer nogal best heel zeer extra
    """
)

GENERIC_WORDS: frozenset[str] = _word_list(
    """
    moet moeten mogen mag kunnen worden wordt zijn hebben gaan gaat komen komt doen doet
    maken maakt geven geeft krijgen krijgt zien ziet laten staat staan blijven blijft
    belangrijk belangrijke probleem problemen punt punten nodig goed goede beter slecht
    groot grote klein kleine nieuw nieuwe meer minder veel weinig echt graag vinden vind
    vindt denk denken zorgen ding dingen zaak zaken manier aandacht focus thema vraag
    vragen prioriteit prioriteiten idee ideeën mensen iedereen alle nu komende jaar jaren
    """
)
