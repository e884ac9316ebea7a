// Jäsenen hiljentäminen hänen profiilissaan (suomi), levitetään selaimen sanastoon app/i18n/fi.ts.
export const moderationMuteFi = {
  "moderation.muteForm.title": "Hiljennä",
  "moderation.muteForm.lead":
    "Hiljennetty jäsen voi lukea ryhmää, mutta ei voi julkaista ideoita, kommentoida, äänestää eikä ilmoittaa. Hänelle kerrotaan syy ja kesto Kaikussa ja sähköpostilla.",
  "moderation.muteForm.length": "Kuinka pitkäksi aikaa",
  "moderation.muteForm.length.1d": "1 päivä",
  "moderation.muteForm.length.1w": "1 viikko",
  "moderation.muteForm.length.30d": "30 päivää",
  "moderation.muteForm.length.lifted": "Kunnes moderaattori peruu sen",
  "moderation.muteForm.reason": "Syy (jäsen näkee sen)",
  "moderation.muteForm.submit": "Hiljennä {name}",
  "moderation.muteForm.active": "Hiljennetty {date} asti: {reason}",
  "moderation.muteForm.activeForever": "Hiljennetty, kunnes moderaattori peruu sen: {reason}",
  "moderation.muteForm.lift": "Peru hiljennys",
  "moderation.muteForm.done": "{name} on hiljennetty. Hänelle on kerrottu syy ja kesto.",
  "moderation.muteForm.lifted": "Hiljennys on peruttu. {name} voi taas julkaista.",
  "moderation.muteForm.stronger": "Porttikielto, vahvin keino, on ryhmän hallintasivulla.",
};
