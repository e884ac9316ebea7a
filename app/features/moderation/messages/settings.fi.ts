// Ryhmän moderointiasetukset (suomi), levitetään selaimen sanastoon app/i18n/fi.ts.
export const moderationSettingsFi = {
  "moderation.settings.title": "Moderointi",
  "moderation.settings.lead": "Jäsenten ilmoitukset voivat piilottaa sisällön, kunnes moderaattori on katsonut sen.",
  "moderation.settings.threshold": "Piilota sisältö tarkistusta odottamaan, kun näin moni on ilmoittanut siitä",
  "moderation.settings.thresholdOff": "Ei koskaan (ilmoitukset menevät vain tarkistusjonoon)",
  "moderation.settings.thresholdHint": "Henkilökunnan ja ylläpitäjien sisältöä ei piiloteta automaattisesti; se menee tarkistusjonoon.",
  "moderation.settings.thresholdRange": "Valitse 2–10 henkilöä tai ei koskaan.",
  "moderation.settings.saved": "Moderointiasetukset on tallennettu.",
  "moderation.settings.submit": "Tallenna moderointiasetukset",
  "moderation.settings.hold": "Pidätä uuden jäsenen ensimmäiset julkaisut hyväksyttäviksi",
  "moderation.settings.holdHint":
    "0 tarkoittaa, että uudet jäsenet julkaisevat vapaasti. Pidätetyt ideat ja kommentit näkyvät vain kirjoittajalle ja moderaattoreille, kunnes ne hyväksytään.",
  "moderation.settings.holdRange": "Valitse 0–10 julkaisua.",
};
