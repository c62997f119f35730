"""The texts a förbund's statements start from, before its administrators change them.

They say what holds for the product as it is built; each förbund confirms them (the legal basis
and retention with its lawyer, see docs/statements.md) and fills in its own contacts. They are
stored in the service's own language (`settings.LANGUAGE_CODE`) when a statement is created.
"""

from django.utils.translation import gettext_lazy as _

NON_CONFORMITIES = _(
    "Dokument som användare laddar upp, till exempel bilagor till förhandsinformationen inför "
    "ett möte, granskas inte av tjänsten. De kan sakna rubriker, taggar, alternativtexter eller "
    "en läsordning som fungerar med skärmläsare, och är då inte tillgängliga (WCAG 2.1 "
    "kriterierna 1.1.1, 1.3.1 och 1.3.2). Förhandsmaterialet som en samlad PDF-fil innehåller "
    "sådana bilagor som de är.\n\n"
    "PDF-filer som tjänsten själv skapar, till exempel dagordningar, minnesanteckningar och "
    "registerutdrag, är taggade enligt PDF/UA-1 med rubriker, tabellrubriker, dokumenttitel och "
    "språk, men har inte granskats med hjälpmedel."
)

REVIEW_METHOD = _(
    "Vi har gjort en självskattning (intern granskning) av tjänsten. Varje sida kontrolleras "
    "automatiskt med verktyget axe-core mot WCAG 2.1 nivå A och AA i tjänstens tester, som körs "
    "före varje ny version. Inloggning och de viktigaste flödena testas också med enbart "
    "tangentbord. Tjänsten har inte granskats av en extern granskare eller testats tillsammans "
    "med användare av hjälpmedel."
)

LEGAL_BASIS = _(
    "Parterna och förbundet behandlar personuppgifterna för att utföra uppgifter av allmänt "
    "intresse och som ett led i sin myndighetsutövning (artikel 6.1 e i "
    "dataskyddsförordningen), med stöd av lagen (2003:1210) om finansiell samordning av "
    "rehabiliteringsinsatser och de lagar som gäller för varje part. Uppgifter om hälsa "
    "behandlas med stöd av artikel 9.2 h i dataskyddsförordningen och de lagar som gäller för "
    "hälso- och sjukvården och socialtjänsten.\n\n"
    "Ditt samtycke är inte den rättsliga grunden för behandlingen. Samtycket är det som gör att "
    "parterna får dela uppgifter om dig med varandra trots sekretessen mellan dem (12 kap. 2 § "
    "offentlighets- och sekretesslagen)."
)

RETENTION = _(
    "Uppgifterna om dig i ett ärende raderas ur tjänsten %(months)s månader efter att ärendet "
    "har avslutats. Kvar blir bara anonyma uppgifter för statistik, som inte går att koppla till "
    "dig. Om du inte lämnar ditt samtycke raderas ditt namn och ditt personnummer direkt. "
    "Parternas egna journaler och akter finns i parternas egna system och sparas eller gallras "
    "enligt de regler som gäller för dem.\n\n"
    "Loggen över vem som har läst och ändrat uppgifter om enskilda sparas tills vidare och kan "
    "inte ändras eller tas bort i tjänsten. Användarkonton finns kvar tills förbundet avslutar "
    "dem. Rapporter om bristande tillgänglighet sparas tills vidare."
)
