// Demo idea boards: two boards per demo group, ideas in Finnish and English with tags, votes spread over the
// past weeks (so "trending" differs from "top"), and comment threads with replies and @mentions. Everything is
// written through the app's own models, so every counter and the search index are exactly as in real use.
import { and, eq } from "drizzle-orm";
import { executeOrThrow } from "../../app/commands/command.server";
import { drainEvents } from "../../app/events/dispatcher.server";
import { addComment } from "../../app/features/ideas/commands/add-comment.server";
import { insertBoard } from "../../app/models/board.server";
import { castVote, insertIdea } from "../../app/models/idea.server";
import { insertTag } from "../../app/models/tag.server";
import type { Db } from "../../db/client";
import * as schema from "../../db/schema";
import type { TagColor } from "../../db/schema";

const DAY = 86_400_000;

type Thread = { by: string; text: string; replies?: { by: string; text: string }[] };
type DemoIdea = {
  board: 0 | 1;
  by: string;
  title: string;
  body: string;
  tags: string[];
  daysAgo: number;
  votes: number;
  recentVotes?: number;
  comments?: Thread[];
};
type DemoGroup = { slug: string; boards: { name: string; description: string }[]; tags: { name: string; color: TagColor }[]; ideas: DemoIdea[] };

const MOBILE: DemoGroup = {
  slug: "mobiilisovellus",
  boards: [
    {
      name: "Sovelluksen ominaisuudet / App features",
      description: "Uudet toiminnot ja parannukset mobiilisovellukseen. New features and improvements for the app.",
    },
    {
      name: "Saavutettavuus ja käytettävyys / Accessibility",
      description: "Kaikkien pitää pystyä käyttämään sovellusta. Everyone should be able to use the app.",
    },
  ],
  tags: [
    { name: "Liput / Tickets", color: "blue" },
    { name: "Kartat / Maps", color: "green" },
    { name: "Ilmoitukset / Notifications", color: "amber" },
    { name: "Saavutettavuus / Accessibility", color: "violet" },
  ],
  ideas: [
    {
      board: 0,
      by: "member@demo.kaiku.test",
      title: "Kausilippu näkyviin lukitusnäytölle",
      body: "Kun konduktööri tulee, joudun avaamaan puhelimen, etsimään sovelluksen ja odottamaan sen latautumista. Kausilippu voisi näkyä suoraan lukitusnäytöllä, kuten lentoyhtiöiden tarkastuskortit.\n\n- nopeampi tarkastus\n- toimii myös huonolla yhteydellä",
      tags: ["Liput / Tickets"],
      daysAgo: 28,
      votes: 14,
      recentVotes: 3,
      comments: [
        {
          by: "juha@demo.kaiku.test",
          text: "Tämä! Varsinkin talvella hanskat kädessä sovelluksen avaaminen on hankalaa.",
          replies: [{ by: "member@demo.kaiku.test", text: "@juha-korhonen juuri näin, ja aamulla junassa on usein huono kenttä." }],
        },
        {
          by: "staff@demo.kaiku.test",
          text: "Kiitos @matti-meikäläinen, hyvä idea! Testiversiossa 2.4 on jo ensimmäinen kokeilu tästä. Kertokaa, miten se toimii teillä.",
        },
      ],
    },
    {
      board: 0,
      by: "emma@demo.kaiku.test",
      title: "Live train position on a map",
      body: "Show where my train is right now on a map, like airlines do. The delay minutes alone do not tell me whether I can still grab a coffee at the station.",
      tags: ["Kartat / Maps"],
      daysAgo: 25,
      votes: 12,
      recentVotes: 8,
      comments: [
        {
          by: "james@demo.kaiku.test",
          text: "Would be great to see the platform too, not just the position.",
          replies: [
            { by: "emma@demo.kaiku.test", text: "Good point @james-brown, the platform changes are the worst part." },
            { by: "aleksi@demo.kaiku.test", text: "Samaa mieltä, raidemuutokset pitäisi näkyä heti." },
          ],
        },
      ],
    },
    {
      board: 0,
      by: "liisa@demo.kaiku.test",
      title: "Ilmoitus, kun juna on myöhässä yli 5 minuuttia",
      body: "Haluaisin push-ilmoituksen, jos oma junani myöhästyy. Nyt huomaan myöhästymisen vasta asemalla.",
      tags: ["Ilmoitukset / Notifications"],
      daysAgo: 22,
      votes: 11,
      recentVotes: 5,
      comments: [{ by: "pekka@demo.kaiku.test", text: "Ja mieluiten jo ennen kuin lähden kotoa!" }],
    },
    {
      board: 0,
      by: "james@demo.kaiku.test",
      title: "Show power sockets and quiet cars when booking",
      body: "When I choose a seat I would like to know which seats have a power socket and where the quiet car is. I work on the train.",
      tags: ["Liput / Tickets"],
      daysAgo: 20,
      votes: 9,
      recentVotes: 1,
    },
    {
      board: 0,
      by: "aleksi@demo.kaiku.test",
      title: "Tumma teema sovellukseen",
      body: "Iltaisin kirkas valkoinen näyttö häikäisee. Tumma teema olisi silmille ystävällisempi ja säästäisi akkua.",
      tags: [],
      daysAgo: 18,
      votes: 10,
      recentVotes: 6,
      comments: [{ by: "olivia@demo.kaiku.test", text: "Yes please, and follow the phone's own setting automatically." }],
    },
    {
      board: 0,
      by: "anna@demo.kaiku.test",
      title: "Lippujen jakaminen perheenjäsenelle",
      body: "Ostan usein liput koko perheelle, mutta lapset matkustavat joskus eri junalla. Lipun voisi siirtää toisen puhelimeen.",
      tags: ["Liput / Tickets"],
      daysAgo: 15,
      votes: 8,
      recentVotes: 4,
    },
    {
      board: 0,
      by: "olivia@demo.kaiku.test",
      title: "Offline mode for tickets",
      body: "My ticket should open even when there is no network in the tunnel. Store it on the phone after purchase.",
      tags: ["Liput / Tickets"],
      daysAgo: 12,
      votes: 13,
      recentVotes: 11,
      comments: [
        {
          by: "mikko@demo.kaiku.test",
          text: "Tämä on tärkeä, Pasilan tunnelissa yhteys katkeaa aina.",
          replies: [
            {
              by: "staff2@demo.kaiku.test",
              text: "Thanks both. Tickets are already cached after the first opening; we are looking at caching them straight after purchase too.",
            },
          ],
        },
      ],
    },
    {
      board: 0,
      by: "mikko@demo.kaiku.test",
      title: "Muistutus ennen junan lähtöä",
      body: "Hälytys 15 minuuttia ennen lähtöä, jossa näkyy myös laituri.",
      tags: ["Ilmoitukset / Notifications"],
      daysAgo: 9,
      votes: 6,
      recentVotes: 6,
    },
    {
      board: 0,
      by: "liam@demo.kaiku.test",
      title: "Add trips to my calendar",
      body: "A button that adds the journey to my phone's calendar with the train number and seat.",
      tags: [],
      daysAgo: 6,
      votes: 4,
      recentVotes: 4,
    },
    {
      board: 0,
      by: "pekka@demo.kaiku.test",
      title: "Suosikkiyhteydet etusivulle",
      body: "Tallennetut reitit, kuten Tampere–Helsinki, yhdellä napautuksella etusivulla.",
      tags: ["Liput / Tickets"],
      daysAgo: 26,
      votes: 7,
      recentVotes: 1,
    },
    {
      board: 0,
      by: "olivia@demo.kaiku.test",
      title: "Apple and Google Wallet support",
      body: "Add the ticket to the phone's wallet so it opens from the lock screen without the app.",
      tags: ["Liput / Tickets"],
      daysAgo: 23,
      votes: 11,
      recentVotes: 4,
      comments: [{ by: "aleksi@demo.kaiku.test", text: "Tämä ratkaisisi myös lukitusnäyttöidean." }],
    },
    {
      board: 0,
      by: "timo@demo.kaiku.test",
      title: "Ravintolavaunun menu ja tilaus paikalle",
      body: "Voisin tilata kahvin omalle paikalleni sovelluksessa ja maksaa samalla.",
      tags: [],
      daysAgo: 21,
      votes: 8,
      recentVotes: 2,
    },
    {
      board: 0,
      by: "liam@demo.kaiku.test",
      title: "Show how full the train is",
      body: "A simple indicator of how busy each car is would help me choose where to board.",
      tags: ["Kartat / Maps"],
      daysAgo: 17,
      votes: 9,
      recentVotes: 6,
    },
    {
      board: 0,
      by: "sari@demo.kaiku.test",
      title: "Kuitti suoraan sähköpostiin",
      body: "Työmatkoista tarvitsen kuitin. Se voisi tulla automaattisesti sähköpostiin jokaisesta ostosta.",
      tags: ["Liput / Tickets"],
      daysAgo: 16,
      votes: 6,
      recentVotes: 2,
    },
    {
      board: 0,
      by: "james@demo.kaiku.test",
      title: "Connection guarantee when changing trains",
      body: "When my first train is late, show whether I will make the connection and what my options are.",
      tags: ["Ilmoitukset / Notifications"],
      daysAgo: 13,
      votes: 10,
      recentVotes: 7,
    },
    {
      board: 0,
      by: "anna@demo.kaiku.test",
      title: "Lemmikin lippu sovelluksesta",
      body: "Koiran lipun voi nyt ostaa vain konduktööriltä. Se pitäisi voida lisätä samaan ostoon.",
      tags: ["Liput / Tickets"],
      daysAgo: 10,
      votes: 5,
      recentVotes: 4,
    },
    {
      board: 0,
      by: "grace@demo.kaiku.test",
      title: "Widget for the next departure",
      body: "A home screen widget that shows my next train and its platform.",
      tags: ["Ilmoitukset / Notifications"],
      daysAgo: 7,
      votes: 7,
      recentVotes: 7,
    },
    {
      board: 1,
      by: "timo@demo.kaiku.test",
      title: "Parempi kontrasti harmaisiin teksteihin",
      body: "Vaaleanharmaa teksti valkoisella on vaikea lukea ulkona.",
      tags: ["Saavutettavuus / Accessibility"],
      daysAgo: 25,
      votes: 8,
      recentVotes: 1,
    },
    {
      board: 1,
      by: "sophie@demo.kaiku.test",
      title: "Step-free route inside the station",
      body: "Show the lift and ramp route from the entrance to my platform.",
      tags: ["Saavutettavuus / Accessibility", "Kartat / Maps"],
      daysAgo: 20,
      votes: 11,
      recentVotes: 5,
    },
    {
      board: 1,
      by: "pekka@demo.kaiku.test",
      title: "Ostoksen peruminen ilman soittoa",
      body: "Väärän lipun ostaminen on helppoa, mutta peruminen vaatii soiton asiakaspalveluun.",
      tags: ["Liput / Tickets"],
      daysAgo: 15,
      votes: 9,
      recentVotes: 3,
    },
    {
      board: 1,
      by: "chloe@demo.kaiku.test",
      title: "Larger tap targets on the seat map",
      body: "The seats are tiny on a small phone; I often pick the wrong one.",
      tags: ["Saavutettavuus / Accessibility"],
      daysAgo: 11,
      votes: 6,
      recentVotes: 4,
    },
    {
      board: 1,
      by: "ville@demo.kaiku.test",
      title: "Ruotsin- ja englanninkielinen tuki samaan sovellukseen",
      body: "Kielen vaihto ilman puhelimen asetusten muuttamista.",
      tags: [],
      daysAgo: 9,
      votes: 4,
      recentVotes: 3,
    },
    {
      board: 1,
      by: "hanna@demo.kaiku.test",
      title: "Lipun tarkastus ilman näytön kirkkauden säätöä",
      body: "Koodi näkyy huonosti, jos näyttö on himmeä. Sovellus voisi kirkastaa näytön automaattisesti lippua näyttäessä.",
      tags: ["Liput / Tickets"],
      daysAgo: 5,
      votes: 5,
      recentVotes: 5,
    },
    {
      board: 1,
      by: "noah@demo.kaiku.test",
      title: "Voice control for buying a ticket",
      body: '"Buy a ticket to Tampere for the next train" would be great for people who find typing hard.',
      tags: ["Saavutettavuus / Accessibility"],
      daysAgo: 3,
      votes: 3,
      recentVotes: 3,
    },
    {
      board: 1,
      by: "sophie@demo.kaiku.test",
      title: "Book wheelchair assistance in the same purchase",
      body: "Today I buy the ticket in the app and then call customer service to book assistance. It should be one step: tick a box when buying and choose the stations.",
      tags: ["Saavutettavuus / Accessibility"],
      daysAgo: 27,
      votes: 15,
      recentVotes: 4,
      comments: [
        { by: "sari@demo.kaiku.test", text: "Sama koskee rollaattorin kanssa matkustavia, avustus pitäisi voida tilata sovelluksesta." },
        {
          by: "staff@demo.kaiku.test",
          text: "Thank you @sophie-wilson for explaining this so clearly. We have shared it with the assistance service team and will tell you here what they think.",
        },
      ],
    },
    {
      board: 1,
      by: "juha@demo.kaiku.test",
      title: "Suurempi tekstikoko lippuun",
      body: "Lipun tiedot ovat pientä harmaata tekstiä. Sovelluksen pitäisi noudattaa puhelimen tekstikoon asetusta.",
      tags: ["Saavutettavuus / Accessibility"],
      daysAgo: 24,
      votes: 10,
      recentVotes: 2,
      comments: [{ by: "timo@demo.kaiku.test", text: "Kontrasti on myös heikko auringonvalossa." }],
    },
    {
      board: 1,
      by: "grace@demo.kaiku.test",
      title: "Screen reader labels on the seat map",
      body: 'With VoiceOver the seat map reads just "button, button, button". Each seat should say its number, whether it is free, and if it is by the window.',
      tags: ["Saavutettavuus / Accessibility"],
      daysAgo: 19,
      votes: 9,
      recentVotes: 3,
    },
    {
      board: 1,
      by: "hanna@demo.kaiku.test",
      title: "Selkeämpi ostopolku: vähemmän vaiheita",
      body: "Lipun ostaminen vaatii nyt seitsemän näkymää. Tavalliselle työmatkalle riittäisi kolme: mistä, minne, maksa.",
      tags: ["Liput / Tickets"],
      daysAgo: 14,
      votes: 12,
      recentVotes: 7,
      comments: [{ by: "member@demo.kaiku.test", text: "Ja viimeisin matka voisi olla valmiina ehdotuksena etusivulla." }],
    },
    {
      board: 1,
      by: "noah@demo.kaiku.test",
      title: "Haptic feedback when the ticket is validated",
      body: "A short vibration when the conductor's scanner reads my ticket, so I do not have to look at the screen.",
      tags: [],
      daysAgo: 8,
      votes: 3,
      recentVotes: 3,
    },
    {
      board: 1,
      by: "ville@demo.kaiku.test",
      title: "Selkokielinen versio ohjeista",
      body: "Ohjeet ja ilmoitukset myös selkokielellä, esimerkiksi poikkeustilanteissa.",
      tags: ["Saavutettavuus / Accessibility", "Ilmoitukset / Notifications"],
      daysAgo: 4,
      votes: 5,
      recentVotes: 5,
    },
    {
      board: 1,
      by: "chloe@demo.kaiku.test",
      title: "Let me pay with the account of my employer",
      body: "Business trips would be much easier if I could charge the ticket directly to my company without receipts.",
      tags: ["Liput / Tickets"],
      daysAgo: 2,
      votes: 2,
      recentVotes: 2,
    },
  ],
};

const TICKETS: DemoGroup = {
  slug: "lipunmyynti",
  boards: [
    { name: "Lippujen ostaminen / Buying tickets", description: "Verkkokauppa, sovellus ja automaatit. Online, app and ticket machines." },
    { name: "Asemat ja asiakaspalvelu / Stations and service", description: "Palvelu asemilla ja puhelimessa. Service at stations and on the phone." },
  ],
  tags: [
    { name: "Kausiliput / Season tickets", color: "blue" },
    { name: "Hinnoittelu / Pricing", color: "red" },
    { name: "Perhe / Family", color: "pink" },
    { name: "Yritysasiakkaat / Business", color: "teal" },
  ],
  ideas: [
    {
      board: 0,
      by: "emma@demo.kaiku.test",
      title: "Family ticket that works across several trains",
      body: "With two kids we often split up on the way back. A family ticket valid for the whole day would remove the stress.",
      tags: ["Perhe / Family"],
      daysAgo: 13,
      votes: 9,
      recentVotes: 5,
      comments: [
        {
          by: "kaisa@demo.kaiku.test",
          text: "Meillä sama tilanne. Päivälippu koko perheelle olisi loistava.",
          replies: [{ by: "emma@demo.kaiku.test", text: "@kaisa-laine maybe with a fixed price for up to five people?" }],
        },
      ],
    },
    {
      board: 0,
      by: "member@demo.kaiku.test",
      title: "Kausilipun automaattinen uusinta",
      body: "Unohdan aina uusia kausilippuni. Automaattinen uusinta kortilta, ja muistutus viikkoa ennen veloitusta.",
      tags: ["Kausiliput / Season tickets"],
      daysAgo: 12,
      votes: 10,
      recentVotes: 6,
      comments: [{ by: "daniel@demo.kaiku.test", text: "And an easy way to pause it during holidays." }],
    },
    {
      board: 0,
      by: "daniel@demo.kaiku.test",
      title: "Price calendar: show the cheapest days",
      body: "When my travel dates are flexible, show a calendar with prices for each day so I can pick the cheapest.",
      tags: ["Hinnoittelu / Pricing"],
      daysAgo: 11,
      votes: 8,
      recentVotes: 4,
    },
    {
      board: 0,
      by: "tuula@demo.kaiku.test",
      title: "Lippuautomaattiin käteismaksu takaisin",
      body: "Kaikilla ei ole pankkikorttia. Osalle asemista pitäisi jäädä automaatti, joka ottaa käteistä.",
      tags: ["Hinnoittelu / Pricing"],
      daysAgo: 10,
      votes: 5,
      recentVotes: 2,
      comments: [{ by: "johanna@demo.kaiku.test", text: "Tärkeä asia esimerkiksi iäkkäille matkustajille." }],
    },
    {
      board: 0,
      by: "jari@demo.kaiku.test",
      title: "Yrityksen matkat yhdelle laskulle",
      body: "Pienyrityksenä haluaisimme koota kaikkien työntekijöiden matkat kuukausittain yhdelle laskulle.",
      tags: ["Yritysasiakkaat / Business"],
      daysAgo: 9,
      votes: 6,
      recentVotes: 3,
    },
    {
      board: 0,
      by: "ethan@demo.kaiku.test",
      title: "Student discount without visiting a service point",
      body: "Verify the student status online with the student card app instead of at the counter.",
      tags: ["Hinnoittelu / Pricing"],
      daysAgo: 7,
      votes: 7,
      recentVotes: 7,
    },
    {
      board: 0,
      by: "minna@demo.kaiku.test",
      title: "Lahjakortti junamatkaan",
      body: "Junamatka olisi hieno lahja. Lahjakortin voisi ostaa verkosta ja antaa sähköpostilla.",
      tags: ["Perhe / Family"],
      daysAgo: 5,
      votes: 4,
      recentVotes: 4,
    },
    {
      board: 0,
      by: "kaisa@demo.kaiku.test",
      title: "Lastenvaunupaikan varaus",
      body: "Lastenvaunupaikat loppuvat usein. Paikan voisi varata lipun yhteydessä.",
      tags: ["Perhe / Family"],
      daysAgo: 3,
      votes: 6,
      recentVotes: 6,
    },
    {
      board: 0,
      by: "johanna@demo.kaiku.test",
      title: "Eläkeläisalennus verkkokauppaan",
      body: "Alennuksen saa nyt vain lippuautomaatista tai myyntipisteestä.",
      tags: ["Hinnoittelu / Pricing"],
      daysAgo: 14,
      votes: 6,
      recentVotes: 3,
    },
    {
      board: 0,
      by: "ethan@demo.kaiku.test",
      title: "Split payment for group trips",
      body: "When friends travel together, let each pay their own share of the booking.",
      tags: ["Hinnoittelu / Pricing"],
      daysAgo: 13,
      votes: 5,
      recentVotes: 2,
    },
    {
      board: 0,
      by: "jari@demo.kaiku.test",
      title: "Kausilipun jakaminen työkavereiden kesken",
      body: "Yrityksen kausilippu, jota eri työntekijät voisivat käyttää eri päivinä.",
      tags: ["Kausiliput / Season tickets", "Yritysasiakkaat / Business"],
      daysAgo: 12,
      votes: 7,
      recentVotes: 3,
    },
    {
      board: 0,
      by: "minna@demo.kaiku.test",
      title: "Hintailmoitus, kun halpalippuja vapautuu",
      body: "Haluaisin ilmoituksen, kun valitsemalleni päivälle tulee halvempia lippuja myyntiin.",
      tags: ["Hinnoittelu / Pricing"],
      daysAgo: 11,
      votes: 8,
      recentVotes: 5,
    },
    {
      board: 0,
      by: "daniel@demo.kaiku.test",
      title: "Change the departure without buying a new ticket",
      body: "If I miss my train, let me move the ticket to the next departure for a small fee in the app.",
      tags: ["Hinnoittelu / Pricing"],
      daysAgo: 9,
      votes: 9,
      recentVotes: 6,
      comments: [{ by: "tuula@demo.kaiku.test", text: "Tämä olisi tärkein parannus minulle." }],
    },
    {
      board: 0,
      by: "kaisa@demo.kaiku.test",
      title: "Lapsen lippu ilman omaa puhelinta",
      body: "10-vuotiaalla ei ole puhelinta. Lipun voisi tulostaa tai näyttää vanhemman puhelimesta.",
      tags: ["Perhe / Family"],
      daysAgo: 8,
      votes: 6,
      recentVotes: 4,
    },
    {
      board: 0,
      by: "emma@demo.kaiku.test",
      title: "Annual ticket with monthly payments",
      body: "The annual ticket is the best deal but hard to pay at once. Monthly instalments would help.",
      tags: ["Kausiliput / Season tickets", "Hinnoittelu / Pricing"],
      daysAgo: 6,
      votes: 7,
      recentVotes: 5,
    },
    {
      board: 0,
      by: "tuula@demo.kaiku.test",
      title: "Selkeämpi lippuautomaatti",
      body: "Automaatin valikot ovat sekavia. Isot painikkeet ja vähemmän vaihtoehtoja kerralla.",
      tags: [],
      daysAgo: 4,
      votes: 5,
      recentVotes: 5,
    },
    {
      board: 1,
      by: "member@demo.kaiku.test",
      title: "Odotusaika näkyviin asiakaspalvelun jonoon",
      body: "Kun soitan, haluaisin kuulla arvioidun odotusajan.",
      tags: [],
      daysAgo: 13,
      votes: 6,
      recentVotes: 3,
    },
    {
      board: 1,
      by: "ethan@demo.kaiku.test",
      title: "Luggage storage at the main stations",
      body: "Lockers or a staffed storage for a few hours between meetings.",
      tags: ["Yritysasiakkaat / Business"],
      daysAgo: 11,
      votes: 5,
      recentVotes: 2,
    },
    {
      board: 1,
      by: "kaisa@demo.kaiku.test",
      title: "Lastenhoitotila asemalle",
      body: "Vaipanvaihto ja rauhallinen paikka imettää isoimmille asemille.",
      tags: ["Perhe / Family"],
      daysAgo: 9,
      votes: 7,
      recentVotes: 4,
    },
    {
      board: 1,
      by: "johanna@demo.kaiku.test",
      title: "Avustajan tilaus myös chatissa",
      body: "Avustuspalvelun voi tilata vain puhelimitse. Kuuroille ja huonokuuloisille chat olisi välttämätön.",
      tags: [],
      daysAgo: 7,
      votes: 6,
      recentVotes: 5,
    },
    {
      board: 1,
      by: "daniel@demo.kaiku.test",
      title: "Real-time updates on station screens during disruptions",
      body: "The screens often show the old timetable while the app already knows about the change.",
      tags: [],
      daysAgo: 5,
      votes: 4,
      recentVotes: 4,
    },
    {
      board: 1,
      by: "minna@demo.kaiku.test",
      title: "Palautteen antaminen heti matkan jälkeen",
      body: "Lyhyt kysely sovellukseen matkan päätyttyä: mikä meni hyvin, mikä ei.",
      tags: [],
      daysAgo: 3,
      votes: 3,
      recentVotes: 3,
    },
    {
      board: 1,
      by: "ethan@demo.kaiku.test",
      title: "Quiet waiting area for remote meetings",
      body: "Small booths at the station where I can join a call before my train.",
      tags: ["Yritysasiakkaat / Business"],
      daysAgo: 2,
      votes: 2,
      recentVotes: 2,
    },
    {
      board: 1,
      by: "tuula@demo.kaiku.test",
      title: "Asiakaspalvelun takaisinsoitto",
      body: "Jonotus puhelimessa kestää. Palvelu voisi soittaa takaisin, kun on minun vuoroni.",
      tags: [],
      daysAgo: 14,
      votes: 7,
      recentVotes: 2,
      comments: [{ by: "member@demo.kaiku.test", text: "Hyvä idea. Ja chatissa sama: ilmoitus, kun joku vastaa." }],
    },
    {
      board: 1,
      by: "daniel@demo.kaiku.test",
      title: "Clear signs to the replacement buses",
      body: "During track work I could not find where the replacement bus leaves. Temporary signs from the platform to the bus stop would help.",
      tags: [],
      daysAgo: 8,
      votes: 5,
      recentVotes: 3,
    },
    {
      board: 1,
      by: "johanna@demo.kaiku.test",
      title: "Odotustila auki myös myöhään illalla",
      body: "Pienemmillä asemilla odotustila sulkeutuu ennen viimeistä junaa. Talvella odottaminen ulkona on kylmää.",
      tags: [],
      daysAgo: 6,
      votes: 6,
      recentVotes: 6,
    },
    {
      board: 1,
      by: "emma@demo.kaiku.test",
      title: "Lost and found form in English",
      body: "The lost property form is only in Finnish and Swedish.",
      tags: [],
      daysAgo: 4,
      votes: 3,
      recentVotes: 3,
    },
    {
      board: 0,
      by: "member@demo.kaiku.test",
      title: "Sarjalippu satunnaiselle työmatkalaiselle",
      body: "Teen etätöitä kolmena päivänä viikossa, joten kausilippu ei kannata. 10 matkan sarjalippu, joka on voimassa kaksi kuukautta, sopisi paremmin.",
      tags: ["Kausiliput / Season tickets", "Hinnoittelu / Pricing"],
      daysAgo: 12,
      votes: 8,
      recentVotes: 5,
      comments: [{ by: "tuula@demo.kaiku.test", text: "Tämä sopisi minullekin, käyn Tampereella pari kertaa kuussa." }],
    },
    {
      board: 1,
      by: "daniel@demo.kaiku.test",
      title: "Chat with customer service inside the app",
      body: "Instead of calling, let me chat with customer service in the app and keep the conversation history with my booking.",
      tags: [],
      daysAgo: 5,
      votes: 4,
      recentVotes: 4,
    },
    {
      board: 1,
      by: "minna@demo.kaiku.test",
      title: "Opastus asemalla myös viittomakielellä",
      body: "Tärkeimmät kuulutukset ja ohjeet videona viittomakielellä asemanäytöille ja sovellukseen.",
      tags: [],
      daysAgo: 2,
      votes: 3,
      recentVotes: 3,
    },
    {
      board: 1,
      by: "jari@demo.kaiku.test",
      title: "Pyöräpaikat näkyviin ennen ostoa",
      body: "Kesällä haluan tietää ennen lipun ostoa, mahtuuko pyörä junaan.",
      tags: [],
      daysAgo: 1,
      votes: 2,
      recentVotes: 2,
    },
  ],
};

/** Extra demo members (password as for every demo account) so the boards have voters beyond the core cast. */
export const EXTRA_MEMBERS = [
  { email: "pekka@demo.kaiku.test", name: "Pekka Laaksonen", locale: "fi", groups: ["mobiilisovellus"] },
  { email: "anna@demo.kaiku.test", name: "Anna Virtanen", locale: "fi", groups: ["mobiilisovellus"] },
  { email: "mikko@demo.kaiku.test", name: "Mikko Heikkinen", locale: "fi", groups: ["mobiilisovellus"] },
  { email: "sari@demo.kaiku.test", name: "Sari Koskinen", locale: "fi", groups: ["mobiilisovellus"] },
  { email: "hanna@demo.kaiku.test", name: "Hanna Lehtonen", locale: "fi", groups: ["mobiilisovellus"] },
  { email: "timo@demo.kaiku.test", name: "Timo Saarinen", locale: "fi", groups: ["mobiilisovellus"] },
  { email: "ville@demo.kaiku.test", name: "Ville Rantanen", locale: "fi", groups: ["mobiilisovellus"] },
  { email: "olivia@demo.kaiku.test", name: "Olivia Davies", locale: "en", groups: ["mobiilisovellus"] },
  { email: "liam@demo.kaiku.test", name: "Liam Evans", locale: "en", groups: ["mobiilisovellus"] },
  { email: "grace@demo.kaiku.test", name: "Grace Thomas", locale: "en", groups: ["mobiilisovellus"] },
  { email: "noah@demo.kaiku.test", name: "Noah Roberts", locale: "en", groups: ["mobiilisovellus"] },
  { email: "chloe@demo.kaiku.test", name: "Chloe Walker", locale: "en", groups: ["mobiilisovellus"] },
  { email: "jari@demo.kaiku.test", name: "Jari Järvinen", locale: "fi", groups: ["lipunmyynti"] },
  { email: "minna@demo.kaiku.test", name: "Minna Salminen", locale: "fi", groups: ["lipunmyynti"] },
  { email: "johanna@demo.kaiku.test", name: "Johanna Turunen", locale: "fi", groups: ["lipunmyynti"] },
  { email: "ethan@demo.kaiku.test", name: "Ethan Wright", locale: "en", groups: ["lipunmyynti"] },
] as const;

export function seedIdeas(db: Db): void {
  for (const group of [MOBILE, TICKETS]) seedGroupIdeas(db, group);
}

function seedGroupIdeas(db: Db, demo: DemoGroup) {
  const group = db.select().from(schema.groups).where(eq(schema.groups.slug, demo.slug)).get();
  if (!group) throw new Error(`demo group ${demo.slug} is missing`);
  const users = new Map(
    db
      .select()
      .from(schema.users)
      .all()
      .map((u) => [u.email, u]),
  );
  const user = (email: string) => {
    const found = users.get(email);
    if (!found) throw new Error(`demo user ${email} is missing`);
    return found;
  };
  const members = db
    .select({ userId: schema.memberships.userId })
    .from(schema.memberships)
    .where(and(eq(schema.memberships.groupId, group.id), eq(schema.memberships.state, "active")))
    .all()
    .map((m) => m.userId)
    .filter((id) => [...users.values()].some((u) => u.id === id && u.role === "member"));
  const now = Date.now();
  db.transaction(
    (tx) => {
      for (const b of demo.boards) insertBoard(tx, { groupId: group.id, actorId: null, ...b });
      for (const t of demo.tags) insertTag(tx, { groupId: group.id, actorId: null, ...t });
    },
    { behavior: "immediate" },
  );
  const boards = db.select().from(schema.boards).where(eq(schema.boards.groupId, group.id)).orderBy(schema.boards.position).all();
  const tagIds = new Map(
    db
      .select()
      .from(schema.tags)
      .where(eq(schema.tags.groupId, group.id))
      .all()
      .map((t) => [t.name, t.id]),
  );
  demo.ideas.forEach((idea, n) => {
    const author = user(idea.by);
    const createdAt = now - idea.daysAgo * DAY - ((n * 37) % 600) * 60_000;
    const created = db.transaction(
      (tx) =>
        insertIdea(tx, {
          groupId: group.id,
          boardId: boards[idea.board].id,
          authorId: author.id,
          title: idea.title,
          body: idea.body,
          tagIds: idea.tags.map((t) => tagIds.get(t)!),
          now: createdAt,
        }),
      { behavior: "immediate" },
    );
    if (!created.ok) throw new Error(`demo idea "${idea.title}" could not be created`);
    // Voters: other members in a fixed rotation; the most recent ones vote within the trending window.
    const others = members.filter((id) => id !== author.id);
    const count = Math.min(idea.votes, others.length);
    for (let i = 0; i < count; i++) {
      const voter = others[(i + n * 3) % others.length];
      const recent = i >= count - (idea.recentVotes ?? 0);
      const age = recent ? ((i * 13 + n * 7) % 13) * DAY + 3_600_000 : Math.max(idea.daysAgo - 1, 0) * DAY * ((i % 5) / 5) + 14 * DAY;
      castVote({ groupId: group.id, number: created.number, userId: voter, voted: true, now: Math.max(createdAt + 60_000, now - age) });
    }
    let minutes = 90;
    for (const thread of idea.comments ?? []) {
      const top = executeOrThrow(
        addComment,
        user(thread.by),
        { groupId: group.id, number: created.number, body: thread.text, parentId: null },
        { now: createdAt + minutes * 60_000 },
      );
      minutes += 180;
      for (const reply of thread.replies ?? []) {
        executeOrThrow(
          addComment,
          user(reply.by),
          { groupId: group.id, number: created.number, body: reply.text, parentId: top.id },
          { now: createdAt + minutes * 60_000 },
        );
        minutes += 240;
      }
    }
  });
  // The mentions, replies and followers' items of the threads above, before the loop's seed dates notifications.
  drainEvents();
}
