// The vocabulary message bodies are drawn from, by rank (index 0 = rank 1). Bodies pick ranks from a
// Zipf-like law (P(rank r) ≈ 1 / (r · ln V)), so with ~50 words per conversation:
//   ranks 1–10   very common (in 30–95% of conversations: "the", "you", "please"…),
//   ranks 90–450 mid-frequency (1–5% of conversations: "invoice", "warranty"…),
//   ranks > 20k  rare (a few dozen conversations per million): made-up words standing in for names,
//                streets, product codes, typos — the long tail of real support text.
// Real words come first; the tail is synthetic but pronounceable and distinct from every real word.

const COMMON = `the i to you a and is my for it on can this we in be me of that your have please at with not do hi
thanks will are just so get what if our was there need but when no yes ok know any from time would here how out today
up am an all about one could`;

const FREQUENT = `call back help tomorrow morning order still again now see like want thank appointment service hello soon
week next let us make day right sure come working new phone number send check email account looking again afternoon
good great sorry problem issue question fix went got been already said told someone anyone message text reply team
work home house car after before around minutes hours friday monday thursday tuesday wednesday saturday sunday later
confirm booked change address late early available possible`;

// Ranks ~150-450: the domain words a helpdesk of a home-services company sees in 1-5% of conversations.
const DOMAIN = `price cost technician visit window arrive arriving leaking leak water heater furnace boiler filter
thermostat invoice refund warranty schedule cancel reschedule quote estimate payment deposit card charged charge billing
bill receipt delivery tracking package parcel damaged broken replace replacement install installation repair repairs
maintenance inspection annual contract plan upgrade discount coupon promo code voucher price list emergency urgent
weekend holiday evening noon slot slots calendar tune-up cleaning duct ducts vent vents pipe pipes drain drains clog
clogged toilet sink faucet shower bathroom kitchen basement attic roof gutter gutters garage door lock locks key keys
alarm sensor battery batteries outlet breaker panel wiring light lights switch fan fans ac air conditioning cooling
heating heat cold hot warm noise noisy smell smells gas electric electrical plumber electrician crew staff manager
supervisor office store branch location parking gate code buzzer apartment unit building floor stairs elevator tenant
landlord owner permit form photo photos picture pictures video attached attachment link website app login password
reset portal profile update updated details info information name spelling mistake wrong correct credit debit paypal
transfer bank check cash overdue reminder notice late fee fees tax total amount balance due paid unpaid pending
approved declined failed error code model serial part parts stock shipped shipping courier driver route eta minutes
traffic delayed delay waiting wait queue ticket case reference complaint feedback review rating survey happy unhappy
disappointed frustrated angry satisfied recommend friend neighbor referral loyalty member membership subscription
renew renewal expire expired expiry trial free upgrade downgrade cancelation terms policy privacy consent stop
unsubscribe optout spam`;

// Ranks ~450-800: less common but real.
const UNCOMMON = `dishwasher dryer washer fridge freezer oven stove microwave disposal compressor condenser coil refrigerant
freon humidifier dehumidifier sump pump septic sewer backflow valve gasket flange cartridge aerator pilot ignitor
igniter flue chimney damper register grille insulation drywall caulk grout tile mold mildew rust corrosion sediment
flush descale anode thermocouple capacitor contactor relay fuse surge generator solar inverter meter reading
shelbyville springfield riverside oakwood maplewood fairview lakeside hillcrest brookside westfield eastgate northside
southpark greenville centerville kingston franklin clinton georgetown salem madison arlington ashland burlington
chester dayton dover hudson jackson lebanon marion milton newport oxford quincy richmond trenton vernon warren windsor`;

const SYLLABLES = `ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko ku la le li lo lu ma me mi mo mu na ne ni no nu pa pe
pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zi zo`.split(/\s+/);

const words = (text) => text.split(/\s+/).filter(Boolean);

/** Vocabulary of `size` distinct lower-case words, most frequent first. */
export function vocabulary(size = 100_000) {
  const seen = new Set();
  const out = [];
  const add = (w) => {
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  };
  for (const w of [...words(COMMON), ...words(FREQUENT), ...words(DOMAIN), ...words(UNCOMMON)]) add(w);
  // Three-syllable pseudo-words in a scrambled order (i · 7919 mod n³ visits every combination once).
  const n = SYLLABLES.length;
  const total = n ** 3;
  for (let i = 1; out.length < size && i <= total; i++) {
    const x = (i * 7919) % total;
    add(SYLLABLES[Math.floor(x / (n * n))] + SYLLABLES[Math.floor(x / n) % n] + SYLLABLES[x % n]);
  }
  if (out.length < size) throw new Error(`vocabulary: only ${out.length} distinct words`);
  return out;
}

/** First and last names of the seeded contacts. */
export const FIRST_NAMES = words(`james mary robert patricia john jennifer michael linda david elizabeth william barbara richard susan
joseph jessica thomas sarah charles karen christopher lisa daniel nancy matthew betty anthony margaret mark sandra donald
ashley steven kimberly paul emily andrew donna joshua michelle kenneth carol kevin amanda brian dorothy george melissa
timothy deborah ronald stephanie edward rebecca jason sharon jeffrey laura ryan cynthia jacob kathleen gary amy nicholas
angela eric shirley jonathan anna stephen brenda larry pamela justin emma scott nicole brandon helen benjamin samantha
samuel katherine gregory christine alexander debra frank rachel patrick carolyn raymond janet jack catherine dennis maria
jerry heather tyler diane aaron ruth jose julie adam olivia nathan joyce henry virginia douglas victoria zachary kelly
peter lauren kyle christina ethan joan walter evelyn noah judith jeremy megan christian andrea keith cheryl roger hannah
terry jacqueline gerald martha harold gloria sean teresa austin ann carl sara arthur madison lawrence frances dylan
kathryn jesse janice jordan jean bryan abigail billy alice joe judy bruce sophia gabriel grace logan denise albert amber
willie doris alan marilyn juan danielle wayne beverly elijah isabella randy theresa roy diana vincent natalie ralph
brittany eugene charlotte russell marie bobby kayla mason alexis philip lori priya elena marcus hannah oliver grace tom
sam leo ravi mei yuki omar fatima chen wei aisha carlos sofia lucas mateo camila`);

export const LAST_NAMES = words(`smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
wilson anderson thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson
walker young allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell
carter roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook
rogers gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez
wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez powell
jenkins perry russell sullivan bell coleman butler henderson barnes gonzales fisher vasquez simmons romero jordan
patterson alexander hamilton graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran
medina aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington kennedy wells
vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter hunter gordon mendez silva shaw snyder
mason dixon munoz hunt hicks holmes palmer wagner black robertson boyd rose stone salazar fox warren mills meyer rice
schmidt garza daniels ferguson nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold
pierce vazquez hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson carroll lane riley
andrews alvarado ray delgado berry perkins hoffman johnston matthews pena richards contreras willis carpenter lawrence
sandoval guerrero george chapman rios estrada ortega watkins greene nunez wheeler valdez harper burke larson santiago
maldonado morrison franklin carlson austin dominguez carr lawson jacobs obrien lynch singh vega bishop montgomery
oliver jensen harvey williamson gilbert dean sims espinoza howell li wong reid hanson le mccoy garrett burton fuller
wang weber welch rojas lucas marquez fields park yang little banks padilla day walsh bowman schultz luna fowler mejia
davidson acosta brewer may holland juarez newman pearson curtis cortez douglas schneider joseph barrett navarro figueroa
keller avila wade molina stanley hopkins campos barnett bates chambers caldwell beck lambert miranda byrd craig ayala
lowe frazier powers neal leonard gregory carrillo sutton fleming rhodes shelton schwartz norris jennings watts duran
walters cohen mcdaniel moran parks steele vaughn becker holt deleon barker terry hale leon hail benson haynes horton
miles lyons pham graves bush thornton wolfe warner cabrera mckinney mann zimmerman dawson lara fletcher page mccarthy
love robles cervantes solis erickson reeves chang klein salinas fuentes baldwin daniel simon velasquez hardy higgins
aguirre lin cummings chandler sharp barber bowen ochoa dennis robbins liu ramsey francis griffith paul blair oconnor
cardenas pacheco cross calderon quinn moss swanson chan rivas khan rodgers serrano fitzgerald rosales stevenson
christensen manning gill curry mclaughlin harmon mcgee gross doyle garner newton burgess reese walton blake trujillo
adkins brady goodman roman webster goodwin fischer huang potter delacruz montoya todd wu hines mullins castaneda
malone cannon tate mack sherman hubbard hodges zhang guerra wolf valencia saunders franco rowe gallagher farmer hammond
hampton townsend ingram wise gallegos clarke barton schroeder maxwell waters logan camacho strickland norman person
colon parsons frank harrington glover osborne buchanan casey floyd patton ibarra ball tyler suarez bowers orozco salas
cobb gibbs andrade bauer conner moody escobar mcguire lloyd mueller hartman french kramer mcbride pope lindsey velazquez
norton mccormick sparks flynn yates hogan marsh macias villanueva zamora pratt stokes owen ballard lang brock villarreal
charles drake barrera cain patrick pineda burnett mercado santana shepherd bautista ali shaffer lamb trevino mckenzie
hess beil olsen cochran moses hancock everett nielsen okafor raman becker novak schmidt kimura`);

export const EMAIL_DOMAINS = words('gmail.com yahoo.com outlook.com hotmail.com icloud.com aol.com proton.me example.com mail.com comcast.net');
