/* gen_customers: a seeded generator of realistic customer CSV files, for benchmarks and tests.
 *
 *   gen_customers ROWS SEED [--dup-rate P] [--error-rate P] > customers.csv
 *
 * Writes a header of the canonical fields (SPEC §5) and ROWS data rows spread over markets,
 * weighted towards US, whose values follow that market's rules in schemas/markets: postal code
 * formats, state codes, national phone numbers, cultures and languages, registration numbers
 * (a checksummed INN for RU, NIP for PL and CNPJ for BR, a PAN for IN). About 30% of the rows
 * are invites (by tenant id or by an existing domain), the rest creates with a unique
 * .onmicrosoft.com prefix. A fraction of the rows carries one deliberate mistake
 * (--error-rate, default 0.02) and a fraction repeats an earlier row (--dup-rate, default
 * 0.005). Some company names hold commas and quotes, and names and addresses are UTF-8.
 *
 * Every row is generated from its own PRNG stream (splitmix64), seeded from SEED and the row
 * number: the output depends only on the arguments, and a duplicate is simply the earlier row
 * generated again. So the generator keeps no per-row state and its memory is constant whatever
 * ROWS is; output goes through one 1 MiB buffer.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIELD_CAP 256         /* every generated value is far shorter */
#define OUT_CAP (1024 * 1024) /* output buffer, flushed when a row might not fit */
#define ROW_MAX (32 * 1024)   /* upper bound of one CSV line (21 quoted fields) */
#define DUP_WINDOW 5000       /* a duplicate repeats one of the previous rows up to here */
#define DEFAULT_ERROR_RATE 0.02
#define DEFAULT_DUP_RATE 0.005
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define LIST(a) a, COUNT(a)

/* ---- PRNG: splitmix64, one independent stream per row ---------------------------------- */

struct rng {
  uint64_t s;
};

static uint64_t mix64(uint64_t z)
{
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

static uint64_t rng_next(struct rng *r)
{
  r->s += 0x9E3779B97F4A7C15ULL;
  return mix64(r->s);
}

/* A uniform integer in [0, n), n > 0 (Lemire's multiply-shift; the bias is negligible here). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
  return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability percent/100. */
static bool rng_percent(struct rng *r, uint32_t percent)
{
  return rng_below(r, 100) < percent;
}

/* The stream of row `index` for `seed`, with `salt` separating independent uses. */
static struct rng row_rng(uint64_t seed, uint64_t index, uint64_t salt)
{
  struct rng r = {mix64(seed ^ mix64(index * 0xD1342543DE82EF95ULL + salt))};
  return r;
}

/* ---- Fields: fixed buffers filled by small appenders ------------------------------------ */

struct field {
  char s[FIELD_CAP];
  size_t n;
};

static void fput_n(struct field *f, const char *s, size_t n)
{
  if (n > FIELD_CAP - 1 - f->n)
    n = FIELD_CAP - 1 - f->n;
  memcpy(f->s + f->n, s, n);
  f->n += n;
}

static void fput(struct field *f, const char *s)
{
  fput_n(f, s, strlen(s));
}

static void fputc_(struct field *f, char c)
{
  if (f->n < FIELD_CAP - 1)
    f->s[f->n++] = c;
}

static void fput_uint(struct field *f, uint64_t v)
{
  char tmp[24];
  size_t i = sizeof(tmp);
  do {
    tmp[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  fput_n(f, tmp + i, sizeof(tmp) - i);
}

static void fset(struct field *f, const char *s)
{
  f->n = 0;
  fput(f, s);
}

/* Letters safe in every postcode alphabet we fill (GB inward code, CA, NL without S). */
static const char SAFE_LETTERS[] = "ABEGHJLNPRTWXYZ";

/* Expands a template: '#' a digit, '~' 2-9, '^' 1-9, '?' a safe postcode letter, '*' A-Z;
 * anything else (letters included) is copied. */
static void fput_template(struct field *f, struct rng *r, const char *t)
{
  for (; *t; t++) {
    switch (*t) {
    case '#':
      fputc_(f, (char)('0' + rng_below(r, 10)));
      break;
    case '~':
      fputc_(f, (char)('2' + rng_below(r, 8)));
      break;
    case '^':
      fputc_(f, (char)('1' + rng_below(r, 9)));
      break;
    case '?':
      fputc_(f, SAFE_LETTERS[rng_below(r, sizeof(SAFE_LETTERS) - 1)]);
      break;
    case '*':
      fputc_(f, (char)('A' + rng_below(r, 26)));
      break;
    default:
      fputc_(f, *t);
      break;
    }
  }
}

/* Appends the ASCII letters and digits of s, lower-cased (a domain label from a name). */
static void fput_label(struct field *f, const char *s, size_t max)
{
  for (size_t used = 0; *s && used < max; s++) {
    char c = *s;
    if (c >= 'A' && c <= 'Z')
      c = (char)(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      fputc_(f, c);
      used++;
    }
  }
}

/* ---- Market data (values valid for schemas/markets/CC.yaml) ------------------------------ */

struct name {
  const char *display;
  const char *ascii; /* for e-mail addresses */
};

struct names {
  const struct name *first;
  size_t n_first;
  const struct name *last;
  size_t n_last;
};

struct city {
  const char *name;
  const char *state;  /* "" where the market has no state list */
  const char *postal; /* template */
  const char *phone;  /* national significant number, template */
};

struct locale {
  const char *culture;
  const char *language;
};

enum regno { REG_NONE, REG_INN, REG_NIP, REG_CNPJ, REG_PAN, REG_DIGITS };

struct market {
  const char *code;
  unsigned weight;     /* relative share of rows */
  const char *calling; /* "+1" */
  const char *trunk;   /* national trunk prefix written before a national number */
  const struct city *cities;
  size_t n_cities;
  const struct locale *locales; /* the first is the market's default */
  size_t n_locales;
  const struct names *names;
  const char *const *streets;
  size_t n_streets;
  const char *const *suffixes; /* legal forms */
  size_t n_suffixes;
  const char *tld;
  bool number_first;  /* "12 Main Street" rather than "Hauptstraße 12" */
  bool prefix_form;   /* ООО «Name»: the legal form first, the name quoted */
  bool strict_postal; /* a postal format that a cut-off code fails */
  bool has_states;    /* a state list that "ZZ" is not in */
  enum regno regno;
  unsigned regno_digits;  /* for REG_DIGITS */
  const char *regno_lead; /* leading digits for REG_DIGITS */
};

#define N(a) \
  { \
    a, a \
  }
static const struct name EN_FIRST[] = {
    N("James"),   N("Mary"),  N("John"),   N("Patricia"), N("Robert"), N("Jennifer"),
    N("Michael"), N("Linda"), N("David"),  N("Sarah"),    N("Daniel"), N("Emily"),
    N("Kevin"),   N("Aisha"), N("Carlos"), N("Mei"),      N("Priya"),  N("Grace")};
static const struct name EN_LAST[] = {N("Smith"),    N("Johnson"),
                                      N("Williams"), N("Brown"),
                                      N("Jones"),    N("Garcia"),
                                      N("Miller"),   N("Davis"),
                                      N("Wilson"),   N("Anderson"),
                                      N("Taylor"),   N("Thomas"),
                                      N("Moore"),    {"O'Brien", "obrien"},
                                      N("Nguyen"),   N("Patel"),
                                      N("Kim"),      N("Hughes")};
static const struct name DE_FIRST[] = {
    N("Lukas"),  N("Anna"),   {"Jürgen", "juergen"}, N("Lea"),    N("Felix"),
    N("Sophie"), N("Katrin"), N("Maximilian"),       N("Hannah"), N("Jonas")};
static const struct name DE_LAST[] = {{"Müller", "mueller"}, N("Schmidt"), N("Schneider"),
                                      N("Fischer"),          N("Weber"),   N("Meyer"),
                                      N("Wagner"),           N("Becker"),  {"Schäfer", "schaefer"},
                                      N("Hoffmann")};
static const struct name FR_FIRST[] = {
    N("Jean"),          N("Marie"),   N("Pierre"),          N("Camille"), N("Louis"),
    {"Chloé", "chloe"}, N("Nicolas"), {"Élodie", "elodie"}, N("Antoine"), N("Manon")};
static const struct name FR_LAST[] = {N("Martin"), N("Bernard"),          N("Dubois"), N("Thomas"),
                                      N("Robert"), N("Richard"),          N("Petit"),  N("Durand"),
                                      N("Leroy"),  {"Lefèvre", "lefevre"}};
static const struct name NL_FIRST[] = {N("Daan"),  N("Emma"), N("Sem"),  N("Julia"),
                                       N("Lucas"), N("Tess"), N("Bram"), N("Sanne")};
static const struct name NL_LAST[] = {{"de Jong", "dejong"},
                                      N("Jansen"),
                                      {"de Vries", "devries"},
                                      {"van den Berg", "vandenberg"},
                                      {"van Dijk", "vandijk"},
                                      N("Bakker"),
                                      N("Visser"),
                                      N("Smit")};
static const struct name ES_FIRST[] = {N("Antonio"),   {"María", "maria"}, {"José", "jose"},
                                       N("Carmen"),    N("Javier"),        {"Lucía", "lucia"},
                                       N("Alejandro"), {"Sofía", "sofia"}};
static const struct name ES_LAST[] = {{"García", "garcia"},     {"Fernández", "fernandez"},
                                      {"González", "gonzalez"}, {"Rodríguez", "rodriguez"},
                                      {"López", "lopez"},       {"Martínez", "martinez"},
                                      {"Sánchez", "sanchez"},   {"Pérez", "perez"}};
static const struct name IT_FIRST[] = {N("Giuseppe"), N("Giulia"), N("Marco"),      N("Francesca"),
                                       N("Luca"),     N("Chiara"), N("Alessandro"), N("Sara")};
static const struct name IT_LAST[] = {N("Rossi"),   N("Russo"),  N("Ferrari"), N("Esposito"),
                                      N("Bianchi"), N("Romano"), N("Colombo"), N("Ricci")};
static const struct name JA_FIRST[] = {N("Haruto"), N("Yui"), N("Sota"),   N("Hina"),
                                       N("Ren"),    N("Aoi"), N("Takumi"), N("Sakura")};
static const struct name JA_LAST[] = {{"佐藤", "sato"},     N("Suzuki"),   {"高橋", "takahashi"},
                                      N("Tanaka"),          N("Watanabe"), N("Ito"),
                                      {"山本", "yamamoto"}, N("Nakamura")};
static const struct name HI_FIRST[] = {N("Aarav"),  N("Priya"), N("Rohan"), N("Ananya"),
                                       N("Vikram"), N("Kavya"), N("Arjun"), N("Neha")};
static const struct name HI_LAST[] = {N("Sharma"), N("Patel"), N("Gupta"), N("Singh"),
                                      N("Reddy"),  N("Iyer"),  N("Nair"),  N("Kumar")};
static const struct name PT_FIRST[] = {{"João", "joao"}, N("Ana"),     N("Pedro"),   N("Mariana"),
                                       N("Lucas"),       N("Beatriz"), N("Gabriel"), N("Juliana")};
static const struct name PT_LAST[] = {N("Silva"),   N("Santos"), N("Oliveira"),  N("Souza"),
                                      N("Pereira"), N("Costa"),  N("Rodrigues"), N("Almeida")};
static const struct name PL_FIRST[] = {N("Jakub"),     N("Anna"),     N("Piotr"),
                                       N("Katarzyna"), N("Tomasz"),   {"Małgorzata", "malgorzata"},
                                       N("Krzysztof"), N("Agnieszka")};
static const struct name PL_LAST[] = {N("Nowak"),
                                      N("Kowalski"),
                                      {"Wiśniewski", "wisniewski"},
                                      {"Wójcik", "wojcik"},
                                      N("Kowalczyk"),
                                      {"Kamiński", "kaminski"},
                                      N("Lewandowski"),
                                      {"Zieliński", "zielinski"}};
static const struct name RU_FIRST[] = {{"Иван", "ivan"},      {"Ольга", "olga"},
                                       {"Дмитрий", "dmitry"}, {"Анна", "anna"},
                                       {"Сергей", "sergey"},  {"Екатерина", "ekaterina"},
                                       {"Алексей", "alexey"}, {"Наталья", "natalya"}};
static const struct name RU_LAST[] = {{"Иванов", "ivanov"},      {"Смирнов", "smirnov"},
                                      {"Кузнецов", "kuznetsov"}, {"Попов", "popov"},
                                      {"Соколов", "sokolov"},    {"Лебедев", "lebedev"},
                                      {"Козлов", "kozlov"},      {"Новиков", "novikov"}};
static const struct name UK_FIRST[] = {
    {"Олександр", "oleksandr"}, {"Оксана", "oksana"}, {"Андрій", "andriy"}, {"Ірина", "iryna"}};
static const struct name UK_LAST[] = {{"Шевченко", "shevchenko"},
                                      {"Коваленко", "kovalenko"},
                                      {"Бондаренко", "bondarenko"},
                                      {"Ткаченко", "tkachenko"}};
static const struct name KK_FIRST[] = {N("Nurlan"), N("Aigerim"), N("Yerlan"), N("Dana")};
static const struct name KK_LAST[] = {N("Nurlanov"), N("Akhmetova"), N("Seitkali"),
                                      N("Zhumabekov")};
static const struct name TR_FIRST[] = {N("Mehmet"), {"Ayşe", "ayse"}, N("Mustafa"), N("Fatma"),
                                       N("Ahmet"),  N("Zeynep"),      N("Emre"),    N("Elif")};
static const struct name TR_LAST[] = {{"Yılmaz", "yilmaz"}, N("Kaya"),
                                      N("Demir"),           {"Şahin", "sahin"},
                                      {"Çelik", "celik"},   {"Yıldız", "yildiz"},
                                      {"Aydın", "aydin"},   {"Öztürk", "ozturk"}};
static const struct name AR_FIRST[] = {N("Mohammed"), N("Fatima"), N("Ahmed"),  N("Mariam"),
                                       N("Omar"),     N("Noura"),  N("Khalid"), N("Layla")};
static const struct name AR_LAST[] = {{"Al Mansoori", "almansoori"},
                                      {"Al Hashimi", "alhashimi"},
                                      {"Al Falasi", "alfalasi"},
                                      N("Haddad"),
                                      N("Khan"),
                                      N("Rahman")};
static const struct name ZA_FIRST[] = {N("Thabo"),  N("Naledi"), N("Sipho"), N("Lerato"),
                                       N("Pieter"), N("Anika"),  N("Ravi"),  N("Zanele")};
static const struct name ZA_LAST[] = {N("Nkosi"),  N("Dlamini"),
                                      N("Naidoo"), {"van der Merwe", "vandermerwe"},
                                      N("Botha"),  N("Mokoena")};
#undef N

#define NAMES(f, l) \
  { \
    LIST(f), LIST(l) \
  }
static const struct names EN = NAMES(EN_FIRST, EN_LAST), DE = NAMES(DE_FIRST, DE_LAST),
                          FR = NAMES(FR_FIRST, FR_LAST), NL = NAMES(NL_FIRST, NL_LAST),
                          ES = NAMES(ES_FIRST, ES_LAST), IT = NAMES(IT_FIRST, IT_LAST),
                          JA = NAMES(JA_FIRST, JA_LAST), HI = NAMES(HI_FIRST, HI_LAST),
                          PT = NAMES(PT_FIRST, PT_LAST), PL = NAMES(PL_FIRST, PL_LAST),
                          RU = NAMES(RU_FIRST, RU_LAST), UK = NAMES(UK_FIRST, UK_LAST),
                          KK = NAMES(KK_FIRST, KK_LAST), TR = NAMES(TR_FIRST, TR_LAST),
                          AR = NAMES(AR_FIRST, AR_LAST), ZA = NAMES(ZA_FIRST, ZA_LAST);
#undef NAMES

static const struct city US_CITIES[] = {{"Redmond", "WA", "980##", "425 ~## ####"},
                                        {"Seattle", "WA", "981##", "206 ~## ####"},
                                        {"New York", "NY", "100##", "212 ~## ####"},
                                        {"San Francisco", "CA", "941##", "415 ~## ####"},
                                        {"Chicago", "IL", "606##", "312 ~## ####"},
                                        {"Austin", "TX", "787##", "512 ~## ####"},
                                        {"Boston", "MA", "021##", "617 ~## ####"},
                                        {"Denver", "CO", "802##", "303 ~## ####"},
                                        {"Atlanta", "GA", "303##", "404 ~## ####"},
                                        {"Miami", "FL", "331##", "305 ~## ####"},
                                        {"Los Angeles", "CA", "900##", "213 ~## ####"},
                                        {"Phoenix", "AZ", "850##", "602 ~## ####"},
                                        {"Portland", "OR", "972##", "503 ~## ####"},
                                        {"Minneapolis", "MN", "554##", "612 ~## ####"},
                                        {"Dallas", "TX", "752##", "214 ~## ####"},
                                        {"Washington", "DC", "200##", "202 ~## ####"},
                                        {"Fargo", "ND", "581##", "701 ~## ####"},
                                        {"Anchorage", "AK", "995##", "907 ~## ####"},
                                        {"Honolulu", "HI", "968##", "808 ~## ####"},
                                        {"Columbus", "OH", "432##", "614 ~## ####"}};
static const struct city GB_CITIES[] = {
    {"London", "", "SW1A #??", "20 7### ####"},   {"London", "", "EC1A #??", "20 3### ####"},
    {"Manchester", "", "M1 #??", "161 ### ####"}, {"Birmingham", "", "B1 #??", "121 ### ####"},
    {"Leeds", "", "LS1 #??", "113 ### ####"},     {"Edinburgh", "", "EH1 #??", "131 ### ####"},
    {"Glasgow", "", "G1 #??", "141 ### ####"},    {"Reading", "", "RG6 #??", "118 ### ####"},
    {"Cambridge", "", "CB2 #??", "1223 ######"},  {"Bristol", "", "BS1 #??", "7### ######"}};
static const struct city DE_CITIES[] = {
    {"Berlin", "", "10###", "30 #######"},      {"München", "", "80###", "89 #######"},
    {"Hamburg", "", "20###", "40 #######"},     {"Frankfurt am Main", "", "60###", "69 #######"},
    {"Köln", "", "50###", "221 #######"},       {"Stuttgart", "", "70###", "711 #######"},
    {"Düsseldorf", "", "40###", "211 #######"}, {"Leipzig", "", "04###", "151 ########"}};
static const struct city FR_CITIES[] = {
    {"Paris", "", "7500^", "1 ## ## ## ##"},     {"Lyon", "", "6900^", "4 ## ## ## ##"},
    {"Marseille", "", "1300^", "4 ## ## ## ##"}, {"Toulouse", "", "3100^", "5 ## ## ## ##"},
    {"Bordeaux", "", "3300^", "5 ## ## ## ##"},  {"Lille", "", "5900^", "3 ## ## ## ##"},
    {"Nantes", "", "4400^", "6 ## ## ## ##"}};
static const struct city CA_CITIES[] = {
    {"Toronto", "ON", "M5V #?#", "416 ~## ####"},   {"Montréal", "QC", "H3B #?#", "514 ~## ####"},
    {"Vancouver", "BC", "V6B #?#", "604 ~## ####"}, {"Calgary", "AB", "T2P #?#", "403 ~## ####"},
    {"Ottawa", "ON", "K1P #?#", "613 ~## ####"},    {"Halifax", "NS", "B3H #?#", "902 ~## ####"},
    {"Winnipeg", "MB", "R3C #?#", "204 ~## ####"}};
static const struct city AU_CITIES[] = {
    {"Sydney", "NSW", "20##", "2 #### ####"},   {"Melbourne", "VIC", "30##", "3 #### ####"},
    {"Brisbane", "QLD", "40##", "7 #### ####"}, {"Perth", "WA", "60##", "8 #### ####"},
    {"Adelaide", "SA", "50##", "8 #### ####"},  {"Canberra", "ACT", "26##", "2 #### ####"},
    {"Hobart", "TAS", "70##", "3 #### ####"},   {"Darwin", "NT", "08##", "4## ### ###"}};
static const struct city NL_CITIES[] = {
    {"Amsterdam", "", "10## ??", "20 ### ####"}, {"Rotterdam", "", "30## ??", "10 ### ####"},
    {"Utrecht", "", "35## ??", "30 ### ####"},   {"Den Haag", "", "25## ??", "70 ### ####"},
    {"Eindhoven", "", "56## ??", "40 ### ####"}, {"Groningen", "", "97## ??", "6 ########"}};
static const struct city ES_CITIES[] = {
    {"Madrid", "", "280##", "91# ### ###"},   {"Barcelona", "", "080##", "93# ### ###"},
    {"Valencia", "", "460##", "96# ### ###"}, {"Sevilla", "", "410##", "95# ### ###"},
    {"Bilbao", "", "480##", "94# ### ###"},   {"Málaga", "", "290##", "6## ### ###"}};
static const struct city IT_CITIES[] = {
    {"Roma", "", "001##", "06 #### ####"},    {"Milano", "", "201##", "02 #### ####"},
    {"Torino", "", "101##", "011 ### ####"},  {"Napoli", "", "801##", "081 ### ####"},
    {"Bologna", "", "401##", "051 ### ####"}, {"Firenze", "", "501##", "34# ### ####"}};
static const struct city JP_CITIES[] = {{"Chiyoda-ku", "Tokyo", "100-00##", "3-####-####"},
                                        {"Minato-ku", "Tokyo", "105-00##", "3-####-####"},
                                        {"Osaka", "Osaka", "530-00##", "6-####-####"},
                                        {"Nagoya", "Aichi", "450-00##", "52-###-####"},
                                        {"Yokohama", "Kanagawa", "220-00##", "45-###-####"},
                                        {"Sapporo", "Hokkaido", "060-00##", "11-###-####"},
                                        {"Fukuoka", "Fukuoka", "810-00##", "92-###-####"},
                                        {"Kyoto", "Kyoto", "600-8###", "90-####-####"}};
static const struct city IN_CITIES[] = {
    {"Bengaluru", "KA", "5600##", "80 #### ####"}, {"Mumbai", "MH", "4000##", "22 #### ####"},
    {"New Delhi", "DL", "1100##", "11 #### ####"}, {"Chennai", "TN", "6000##", "44 #### ####"},
    {"Hyderabad", "TS", "5000##", "40 #### ####"}, {"Pune", "MH", "4110##", "9#### #####"}};
static const struct city BR_CITIES[] = {{"São Paulo", "SP", "01###-###", "11 9####-####"},
                                        {"Rio de Janeiro", "RJ", "20###-###", "21 3###-####"},
                                        {"Belo Horizonte", "MG", "30###-###", "31 3###-####"},
                                        {"Brasília", "DF", "70###-###", "61 3###-####"},
                                        {"Curitiba", "PR", "80###-###", "41 9####-####"},
                                        {"Porto Alegre", "RS", "90###-###", "51 3###-####"}};
static const struct city MX_CITIES[] = {{"Ciudad de México", "CMX", "06###", "55 #### ####"},
                                        {"Monterrey", "NLE", "64###", "81 #### ####"},
                                        {"Guadalajara", "JAL", "44###", "33 #### ####"},
                                        {"Puebla", "PUE", "72###", "222 ### ####"},
                                        {"Querétaro", "QUE", "76###", "442 ### ####"}};
static const struct city PL_CITIES[] = {{"Warszawa", "", "00-###", "22 ### ## ##"},
                                        {"Kraków", "", "30-###", "12 ### ## ##"},
                                        {"Wrocław", "", "50-###", "71 ### ## ##"},
                                        {"Gdańsk", "", "80-###", "58 ### ## ##"},
                                        {"Poznań", "", "60-###", "5## ### ###"}};
static const struct city PT_CITIES[] = {{"Lisboa", "", "1###-###", "21# ### ###"},
                                        {"Porto", "", "4###-###", "22# ### ###"},
                                        {"Braga", "", "4700-###", "9## ### ###"}};
static const struct city RU_CITIES[] = {{"Москва", "", "101###", "495 ###-##-##"},
                                        {"Москва", "", "125###", "499 ###-##-##"},
                                        {"Санкт-Петербург", "", "190###", "812 ###-##-##"},
                                        {"Новосибирск", "", "630###", "383 ###-##-##"},
                                        {"Екатеринбург", "", "620###", "343 ###-##-##"},
                                        {"Казань", "", "420###", "9## ###-##-##"}};
static const struct city UA_CITIES[] = {{"Київ", "", "01###", "44 ### ####"},
                                        {"Львів", "", "79###", "32 ### ####"},
                                        {"Харків", "", "61###", "57 ### ####"},
                                        {"Одеса", "", "65###", "48 ### ####"}};
static const struct city KZ_CITIES[] = {{"Almaty", "", "0500##", "727 ### ####"},
                                        {"Astana", "", "0100##", "717 ### ####"},
                                        {"Shymkent", "", "1600##", "70# ### ####"}};
static const struct city TR_CITIES[] = {{"İstanbul", "", "34###", "212 ### ####"},
                                        {"Ankara", "", "06###", "312 ### ####"},
                                        {"İzmir", "", "35###", "232 ### ####"},
                                        {"Bursa", "", "16###", "5## ### ####"}};
static const struct city ZA_CITIES[] = {{"Johannesburg", "", "20##", "11 ### ####"},
                                        {"Cape Town", "", "80##", "21 ### ####"},
                                        {"Durban", "", "40##", "31 ### ####"},
                                        {"Pretoria", "", "00##", "12 ### ####"}};
static const struct city AE_CITIES[] = {{"Dubai", "", "", "4 ### ####"},
                                        {"Abu Dhabi", "", "", "2 ### ####"},
                                        {"Dubai", "", "", "5# ### ####"}};

static const struct locale LOC_US[] = {{"en-US", "en"}, {"es-US", "es"}};
static const struct locale LOC_GB[] = {{"en-GB", "en"}, {"en-US", "en"}};
static const struct locale LOC_DE[] = {{"de-DE", "de"}, {"en-US", "en"}};
static const struct locale LOC_FR[] = {{"fr-FR", "fr"}, {"en-US", "en"}};
static const struct locale LOC_CA[] = {{"en-US", "en"}, {"fr-CA", "fr"}};
static const struct locale LOC_AU[] = {{"en-AU", "en"}, {"en-US", "en"}};
static const struct locale LOC_NL[] = {{"nl-NL", "nl"}, {"en-US", "en"}};
static const struct locale LOC_ES[] = {{"es-ES", "es"}, {"ca-ES", "ca"}, {"en-US", "en"}};
static const struct locale LOC_IT[] = {{"it-IT", "it"}, {"en-US", "en"}};
static const struct locale LOC_JP[] = {{"ja-JP", "ja"}, {"en-US", "en"}};
static const struct locale LOC_IN[] = {{"en-IN", "en"}, {"hi-IN", "hi"}, {"en-US", "en"}};
static const struct locale LOC_BR[] = {{"pt-BR", "pt-BR"}, {"en-US", "en"}};
static const struct locale LOC_MX[] = {{"es-MX", "es"}, {"en-US", "en"}};
static const struct locale LOC_PL[] = {{"pl-PL", "pl"}, {"en-US", "en"}};
static const struct locale LOC_PT[] = {{"pt-PT", "pt-PT"}, {"en-US", "en"}};
static const struct locale LOC_RU[] = {{"ru-RU", "ru"}, {"en-US", "en"}};
static const struct locale LOC_UA[] = {{"uk-UA", "uk"}, {"en-US", "en"}};
static const struct locale LOC_KZ[] = {{"kk-KZ", "kk"}, {"en-US", "en"}};
static const struct locale LOC_TR[] = {{"tr-TR", "tr"}, {"en-US", "en"}};
static const struct locale LOC_ZA[] = {{"en-ZA", "en"}, {"en-US", "en"}};
static const struct locale LOC_AE[] = {{"ar-AE", "ar"}, {"en-US", "en"}};

static const char *const ST_EN[] = {
    "Main Street", "NE 36th Street",      "Pine Avenue",   "Market Street",
    "Broadway",    "Elm Street",          "Oak Lane",      "Park Avenue",
    "Maple Drive", "Lakeshore Boulevard", "Microsoft Way", "High Street"};
static const char *const ST_DE[] = {"Hauptstraße",    "Bahnhofstraße", "Gartenweg",
                                    "Schillerstraße", "Lindenallee",   "Goethestraße"};
static const char *const ST_FR[] = {"rue de la Paix", "avenue des Champs-Élysées",
                                    "boulevard Haussmann", "rue Victor Hugo", "quai du Port"};
static const char *const ST_NL[] = {"Damrak", "Coolsingel", "Oudegracht", "Lange Voorhout",
                                    "Stationsplein"};
static const char *const ST_ES[] = {"Calle Mayor,", "Gran Vía,", "Paseo de la Castellana,",
                                    "Avenida Diagonal,", "Calle de Alcalá,"};
static const char *const ST_IT[] = {"Via Roma", "Corso Vittorio Emanuele", "Via Dante",
                                    "Piazza Garibaldi", "Via Torino"};
static const char *const ST_JP[] = {"Marunouchi", "Shibaura", "Umeda", "Sakae", "Minatomirai"};
static const char *const ST_IN[] = {"MG Road", "Nehru Place", "Anna Salai", "Brigade Road",
                                    "Bandra Kurla Complex"};
static const char *const ST_PT[] = {"Avenida Paulista,", "Rua Augusta,", "Avenida da Liberdade,",
                                    "Rua das Flores,", "Avenida Atlântica,"};
static const char *const ST_MX[] = {"Av. Paseo de la Reforma", "Av. Insurgentes Sur",
                                    "Calle Madero", "Av. Constitución"};
static const char *const ST_PL[] = {"ul. Marszałkowska", "ul. Floriańska", "al. Jerozolimskie",
                                    "ul. Długa", "ul. Piotrkowska"};
static const char *const ST_RU[] = {"ул. Тверская, д.", "Невский проспект, д.", "ул. Ленина, д.",
                                    "ул. Арбат, д."};
static const char *const ST_UA[] = {"вул. Хрещатик,", "вул. Шевченка,", "просп. Свободи,"};
static const char *const ST_TR[] = {
    "İstiklal Caddesi No:", "Atatürk Bulvarı No:", "Cumhuriyet Caddesi No:"};
static const char *const ST_KZ[] = {"Abay Avenue", "Dostyk Avenue", "Kabanbay Batyr Avenue"};
static const char *const ST_AE[] = {"Sheikh Zayed Road", "Al Wasl Road", "Corniche Road"};

static const char *const SUF_US[] = {"Inc.", "LLC", "Corp.", "Co.", "LLP", "Inc"};
static const char *const SUF_GB[] = {"Ltd", "Limited", "PLC", "LLP"};
static const char *const SUF_DE[] = {"GmbH", "AG", "GmbH & Co. KG", "UG (haftungsbeschränkt)"};
static const char *const SUF_FR[] = {"SAS", "SA", "SARL"};
static const char *const SUF_NL[] = {"B.V.", "N.V."};
static const char *const SUF_ES[] = {"S.L.", "S.A."};
static const char *const SUF_IT[] = {"S.r.l.", "S.p.A."};
static const char *const SUF_JP[] = {"K.K.", "Co., Ltd.", "株式会社"};
static const char *const SUF_IN[] = {"Pvt. Ltd.", "Private Limited", "Ltd."};
static const char *const SUF_BR[] = {"Ltda.", "S.A."};
static const char *const SUF_MX[] = {"S.A. de C.V.", "S. de R.L. de C.V."};
static const char *const SUF_PL[] = {"Sp. z o.o.", "S.A."};
static const char *const SUF_PT[] = {"Lda.", "S.A."};
static const char *const SUF_AU[] = {"Pty Ltd", "Pty. Ltd.", "Limited"};
static const char *const SUF_CA[] = {"Inc.", "Ltd.", "Corp.", "ULC"};
static const char *const SUF_RU[] = {"ООО", "АО", "ПАО"};
static const char *const SUF_UA[] = {"ТОВ", "ПрАТ"};
static const char *const SUF_KZ[] = {"ТОО", "АО"};
static const char *const SUF_TR[] = {"A.Ş.", "Ltd. Şti."};
static const char *const SUF_ZA[] = {"(Pty) Ltd", "Ltd"};
static const char *const SUF_AE[] = {"LLC", "FZE", "FZ-LLC"};

#define MARKET(cc, w, call, trunk, cities, loc, names, streets, sufs, tld) \
  cc, w, call, trunk, LIST(cities), LIST(loc), &names, LIST(streets), LIST(sufs), tld
/* Weights add up to 1000. */
static const struct market MARKETS[] = {
    {MARKET("US", 445, "+1", "", US_CITIES, LOC_US, EN, ST_EN, SUF_US, "com"), true, false, true,
     true, REG_NONE, 0, ""},
    {MARKET("GB", 80, "+44", "0", GB_CITIES, LOC_GB, EN, ST_EN, SUF_GB, "co.uk"), true, false, true,
     false, REG_NONE, 0, ""},
    {MARKET("DE", 70, "+49", "0", DE_CITIES, LOC_DE, DE, ST_DE, SUF_DE, "de"), false, false, true,
     false, REG_NONE, 0, ""},
    {MARKET("FR", 50, "+33", "0", FR_CITIES, LOC_FR, FR, ST_FR, SUF_FR, "fr"), true, false, true,
     false, REG_NONE, 0, ""},
    {MARKET("CA", 50, "+1", "", CA_CITIES, LOC_CA, EN, ST_EN, SUF_CA, "ca"), true, false, true,
     true, REG_NONE, 0, ""},
    {MARKET("AU", 40, "+61", "0", AU_CITIES, LOC_AU, EN, ST_EN, SUF_AU, "com.au"), true, false,
     true, true, REG_NONE, 0, ""},
    {MARKET("NL", 30, "+31", "0", NL_CITIES, LOC_NL, NL, ST_NL, SUF_NL, "nl"), false, false, true,
     false, REG_NONE, 0, ""},
    {MARKET("ES", 30, "+34", "", ES_CITIES, LOC_ES, ES, ST_ES, SUF_ES, "es"), false, false, true,
     false, REG_NONE, 0, ""},
    {MARKET("IT", 30, "+39", "", IT_CITIES, LOC_IT, IT, ST_IT, SUF_IT, "it"), false, false, true,
     false, REG_NONE, 0, ""},
    {MARKET("JP", 30, "+81", "0", JP_CITIES, LOC_JP, JA, ST_JP, SUF_JP, "co.jp"), true, false, true,
     true, REG_NONE, 0, ""},
    {MARKET("IN", 30, "+91", "0", IN_CITIES, LOC_IN, HI, ST_IN, SUF_IN, "in"), true, false, true,
     true, REG_PAN, 0, ""},
    {MARKET("BR", 30, "+55", "0", BR_CITIES, LOC_BR, PT, ST_PT, SUF_BR, "com.br"), false, false,
     true, true, REG_CNPJ, 0, ""},
    {MARKET("MX", 20, "+52", "", MX_CITIES, LOC_MX, ES, ST_MX, SUF_MX, "com.mx"), false, false,
     true, true, REG_NONE, 0, ""},
    {MARKET("PL", 20, "+48", "", PL_CITIES, LOC_PL, PL, ST_PL, SUF_PL, "pl"), false, false, true,
     false, REG_NIP, 0, ""},
    {MARKET("PT", 10, "+351", "", PT_CITIES, LOC_PT, PT, ST_PT, SUF_PT, "pt"), false, false, true,
     false, REG_NONE, 0, ""},
    {MARKET("RU", 10, "+7", "8", RU_CITIES, LOC_RU, RU, ST_RU, SUF_RU, "ru"), false, true, true,
     false, REG_INN, 0, ""},
    {MARKET("UA", 5, "+380", "0", UA_CITIES, LOC_UA, UK, ST_UA, SUF_UA, "com.ua"), false, true,
     true, false, REG_DIGITS, 8, "3"},
    {MARKET("KZ", 5, "+7", "8", KZ_CITIES, LOC_KZ, KK, ST_KZ, SUF_KZ, "kz"), false, true, true,
     false, REG_DIGITS, 12, "1"},
    {MARKET("TR", 5, "+90", "0", TR_CITIES, LOC_TR, TR, ST_TR, SUF_TR, "com.tr"), false, false,
     true, false, REG_DIGITS, 10, ""},
    {MARKET("ZA", 5, "+27", "0", ZA_CITIES, LOC_ZA, ZA, ST_EN, SUF_ZA, "co.za"), true, false, true,
     false, REG_DIGITS, 12, "20"},
    {MARKET("AE", 5, "+971", "0", AE_CITIES, LOC_AE, AR, ST_AE, SUF_AE, "ae"), false, false, false,
     false, REG_DIGITS, 15, "100"},
};
#undef MARKET

static const char *const BRANDS[] = {
    "Contoso",     "Fabrikam",   "Northwind", "Adatum",         "Litware",       "Tailspin",
    "Wingtip",     "Proseware",  "Lucerne",   "Woodgrove",      "Fourth Coffee", "Alpine Ski House",
    "Blue Yonder", "Coho",       "Trey",      "Margie's",       "Humongous",     "Relecloud",
    "VanArsdel",   "Wide World", "Bellows",   "Consolidated",   "Southridge",    "Lamna",
    "Munson's",    "Nod",        "Datum",     "Graphic Design", "Boulder",       "Cascade",
    "Evergreen",   "Summit",     "Riverbend", "Silverline",     "Harbor",        "Ironwood"};
static const char *const SECTORS[] = {
    "Logistics", "Consulting", "Bakery",     "Dental",       "Engineering", "Software",
    "Foods",     "Holdings",   "Partners",   "Solutions",    "Systems",     "Manufacturing",
    "Travel",    "Insurance",  "Healthcare", "Winery",       "Publishing",  "Research",
    "Retail",    "Architects", "Electric",   "Construction", "Media",       "Analytics"};
static const char *const LINE2[] = {"Suite ###", "Floor ^", "Unit ^#", "Building ^", "Apt ^#"};

/* ---- One row ------------------------------------------------------------------------------ */

enum col {
  C_ACTION,
  C_COMPANY,
  C_DOMAIN,
  C_TENANT,
  C_FIRST,
  C_MIDDLE,
  C_LAST,
  C_EMAIL,
  C_PHONE,
  C_ADDR1,
  C_ADDR2,
  C_ADDR3,
  C_CITY,
  C_STATE,
  C_POSTAL,
  C_COUNTRY,
  C_CULTURE,
  C_LANGUAGE,
  C_REGNO,
  C_PARTNER,
  C_MCA,
  C_COUNT
};

static const char *const HEADER[C_COUNT] = {"action",
                                            "company_name",
                                            "domain",
                                            "tenant_id",
                                            "first_name",
                                            "middle_name",
                                            "last_name",
                                            "email",
                                            "phone",
                                            "address_line1",
                                            "address_line2",
                                            "address_line3",
                                            "city",
                                            "state",
                                            "postal_code",
                                            "country",
                                            "culture",
                                            "language",
                                            "organization_registration_number",
                                            "associated_partner_id",
                                            "mca_accepted_at"};

struct row {
  struct field f[C_COUNT];
  const struct market *m;
  const struct city *city;
  bool invite;
  bool by_tenant;
};

/* The pieces of a company name, kept for the domain and e-mail. */
struct company {
  const char *brand;
  const char *sector;
};

static const char *pick(struct rng *r, const char *const *list, size_t n)
{
  return list[rng_below(r, (uint32_t)n)];
}

static void gen_company(struct row *row, struct rng *r, const struct company *c)
{
  struct field *f = &row->f[C_COMPANY];
  const struct market *m = row->m;
  const char *suffix = pick(r, m->suffixes, m->n_suffixes);
  uint32_t form = rng_below(r, 100);
  if (m->prefix_form) {
    /* ООО «Name»: the legal form first; Russian uses guillemets, the others ASCII quotes. */
    bool guillemets = !strcmp(m->code, "RU");
    fput(f, suffix);
    fput(f, guillemets ? " «" : " \"");
    fput(f, c->brand);
    fputc_(f, ' ');
    fput(f, c->sector);
    fput(f, guillemets ? "»" : "\"");
  } else if (form < 4) {
    const struct names *nm = m->names;
    uint32_t a = rng_below(r, (uint32_t)nm->n_last);
    uint32_t b = (a + 1 + rng_below(r, (uint32_t)nm->n_last - 1)) % (uint32_t)nm->n_last;
    fput(f, nm->last[a].display);
    fput(f, ", ");
    fput(f, nm->last[b].display);
    fput(f, " & Associates");
  } else if (form < 7) {
    fput(f, "The \"");
    fput(f, c->brand);
    fput(f, "\" ");
    fput(f, c->sector);
    fputc_(f, ' ');
    fput(f, suffix);
  } else {
    fput(f, c->brand);
    fputc_(f, ' ');
    fput(f, c->sector);
    fput(f, form < 15 ? ", " : " ");
    fput(f, suffix);
  }
}

/* A create's .onmicrosoft.com prefix: name letters then the row number (unique per row),
 * at most 27 characters; some with the suffix, some in mixed case as people type them. */
static void gen_create_domain(struct row *row, struct rng *r, const struct company *c,
                              uint64_t index)
{
  struct field *f = &row->f[C_DOMAIN];
  struct field digits = {.n = 0};
  fput_uint(&digits, index);
  size_t room = 27 - digits.n;
  fput_label(f, c->brand, room);
  if (f->n < room)
    fput_label(f, c->sector, room - f->n);
  fput_n(f, digits.s, digits.n);
  uint32_t style = rng_below(r, 100);
  if (style < 5 && f->s[0] >= 'a' && f->s[0] <= 'z')
    f->s[0] = (char)(f->s[0] - 'a' + 'A');
  if (style < 12)
    fput(f, ".onmicrosoft.com");
}

/* An invite's existing custom domain: name letters, the row number, the market's TLD. */
static void gen_invite_domain(struct field *f, const struct market *m, const struct company *c,
                              uint64_t index)
{
  fput_label(f, c->brand, 20);
  fput_uint(f, index);
  fputc_(f, '.');
  fput(f, m->tld);
}

static void gen_guid(struct field *f, struct rng *r)
{
  static const char hex[] = "0123456789abcdef";
  uint64_t a = rng_next(r), b = rng_next(r);
  /* Version 4, variant 10xx: xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx. */
  a = (a & ~0xF000ULL) | 0x4000ULL;
  b = (b & ~(0xCULL << 60)) | (0x8ULL << 60);
  for (int i = 0; i < 32; i++) {
    if (i == 8 || i == 12 || i == 16 || i == 20)
      fputc_(f, '-');
    uint64_t word = i < 16 ? a : b;
    int shift = 60 - 4 * (i % 16);
    fputc_(f, hex[(word >> shift) & 0xF]);
  }
}

static void gen_identity(struct row *row, struct rng *r, const struct company *c, uint64_t index)
{
  row->invite = rng_percent(r, 30);
  if (!row->invite) {
    gen_create_domain(row, r, c, index);
    if (rng_percent(r, 25))
      fset(&row->f[C_ACTION], rng_percent(r, 80) ? "create" : "auto");
    return;
  }
  row->by_tenant = rng_percent(r, 50);
  if (row->by_tenant)
    gen_guid(&row->f[C_TENANT], r);
  if (!row->by_tenant || rng_percent(r, 40))
    gen_invite_domain(&row->f[C_DOMAIN], row->m, c, index);
  if (rng_percent(r, 50))
    fset(&row->f[C_ACTION], "invite");
}

static void gen_contact(struct row *row, struct rng *r, const struct company *c)
{
  const struct names *nm = row->m->names;
  const struct name *first = &nm->first[rng_below(r, (uint32_t)nm->n_first)];
  const struct name *last = &nm->last[rng_below(r, (uint32_t)nm->n_last)];
  fput(&row->f[C_FIRST], first->display);
  fput(&row->f[C_LAST], last->display);
  if (rng_percent(r, 8)) {
    fputc_(&row->f[C_MIDDLE], (char)('A' + rng_below(r, 26)));
    fputc_(&row->f[C_MIDDLE], '.');
  }
  struct field *e = &row->f[C_EMAIL];
  fput_label(e, first->ascii, 30);
  fputc_(e, '.');
  fput_label(e, last->ascii, 30);
  fputc_(e, '@');
  if (row->invite && !row->by_tenant) {
    /* The contact's address is at the domain being invited. */
    fput_n(e, row->f[C_DOMAIN].s, row->f[C_DOMAIN].n);
    return;
  }
  fput_label(e, c->brand, 20);
  fput_label(e, c->sector, 20);
  fputc_(e, '.');
  fput(e, row->m->tld);
}

/* National (with the trunk prefix), international (+CC), or national with hyphens. */
static void gen_phone(struct row *row, struct rng *r)
{
  struct field *f = &row->f[C_PHONE];
  uint32_t style = rng_below(r, 100);
  if (style < 3 && !strcmp(row->m->code, "US"))
    return; /* optional in US */
  size_t start = f->n;
  if (style < 30) {
    fput(f, row->m->calling);
    fputc_(f, ' ');
  } else {
    fput(f, row->m->trunk);
  }
  fput_template(f, r, row->city->phone);
  if (style >= 85)
    for (size_t i = start; i < f->n; i++)
      if (f->s[i] == ' ')
        f->s[i] = '-';
}

static void gen_address(struct row *row, struct rng *r)
{
  const struct market *m = row->m;
  struct field *a1 = &row->f[C_ADDR1];
  const char *street = pick(r, m->streets, m->n_streets);
  uint32_t number = 1 + rng_below(r, rng_percent(r, 70) ? 200 : 9999);
  if (m->number_first) {
    fput_uint(a1, number);
    fputc_(a1, ' ');
    fput(a1, street);
  } else {
    fput(a1, street);
    fputc_(a1, ' ');
    fput_uint(a1, number);
  }
  if (rng_percent(r, 20))
    fput_template(&row->f[C_ADDR2], r, pick(r, LINE2, COUNT(LINE2)));
  if (rng_percent(r, 1))
    fput(&row->f[C_ADDR3], "Attn: Accounts Payable");
  fput(&row->f[C_CITY], row->city->name);
  fput(&row->f[C_STATE], row->city->state);
  fput_template(&row->f[C_POSTAL], r, row->city->postal);
  if (!strcmp(m->code, "US") && rng_percent(r, 10))
    fput_template(&row->f[C_POSTAL], r, "-####");
  fput(&row->f[C_COUNTRY], m->code);
}

static void gen_locale(struct row *row, struct rng *r)
{
  const struct market *m = row->m;
  uint32_t i = rng_percent(r, 85) ? 0 : rng_below(r, (uint32_t)m->n_locales);
  if (rng_percent(r, 10))
    return; /* optional: the market's default applies */
  fput(&row->f[C_CULTURE], m->locales[i].culture);
  fput(&row->f[C_LANGUAGE], m->locales[i].language);
}

/* ---- Registration numbers ------------------------------------------------------------------ */

static void put_digits(struct field *f, const int *d, size_t n)
{
  for (size_t i = 0; i < n; i++)
    fputc_(f, (char)('0' + d[i]));
}

static void random_digits(struct rng *r, int *d, size_t n)
{
  for (size_t i = 0; i < n; i++)
    d[i] = (int)rng_below(r, 10);
}

static int weighted_mod(const int *d, const int *w, size_t n, int mod)
{
  int sum = 0;
  for (size_t i = 0; i < n; i++)
    sum += d[i] * w[i];
  return sum % mod;
}

/* Russian INN of a legal entity: 9 digits and a check digit (weights 2,4,10,3,5,9,4,6,8). */
static void gen_inn(struct field *f, struct rng *r)
{
  static const int w[9] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
  int d[10];
  random_digits(r, d, 9);
  d[0] = 7;
  d[1] = (int)rng_below(r, 8);
  d[9] = weighted_mod(d, w, 9, 11) % 10;
  put_digits(f, d, 10);
}

/* Polish NIP: 9 digits and a check digit (mod 11 must not be 10, so draw again). */
static void gen_nip(struct field *f, struct rng *r)
{
  static const int w[9] = {6, 5, 7, 2, 3, 4, 5, 6, 7};
  int d[10];
  do {
    random_digits(r, d, 9);
    d[0] = 1 + (int)rng_below(r, 9);
    d[9] = weighted_mod(d, w, 9, 11);
  } while (d[9] == 10);
  put_digits(f, d, 10);
}

static int cnpj_check(const int *d, size_t n)
{
  static const int w[13] = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
  int m = weighted_mod(d, w + (13 - n), n, 11);
  return m < 2 ? 0 : 11 - m;
}

/* Brazilian CNPJ: 8-digit company root, 0001 (head office), two check digits. */
static void gen_cnpj(struct field *f, struct rng *r)
{
  int d[14];
  random_digits(r, d, 8);
  d[8] = 0, d[9] = 0, d[10] = 0, d[11] = 1;
  d[12] = cnpj_check(d, 12);
  d[13] = cnpj_check(d, 13);
  put_digits(f, d, 14);
}

/* Indian PAN of a company: 3 letters, C (company), a letter, 4 digits, a letter. */
static void gen_pan(struct field *f, struct rng *r)
{
  fput_template(f, r, "***C*####*");
}

static void gen_regno(struct row *row, struct rng *r)
{
  struct field *f = &row->f[C_REGNO];
  const struct market *m = row->m;
  switch (m->regno) {
  case REG_NONE:
    break;
  case REG_INN:
    gen_inn(f, r);
    break;
  case REG_NIP:
    gen_nip(f, r);
    break;
  case REG_CNPJ:
    gen_cnpj(f, r);
    break;
  case REG_PAN:
    gen_pan(f, r);
    break;
  case REG_DIGITS:
    fput(f, m->regno_lead);
    while (f->n < m->regno_digits)
      fputc_(f, (char)('0' + rng_below(r, 10)));
    break;
  }
}

static void gen_mca(struct row *row, struct rng *r)
{
  struct field *f = &row->f[C_MCA];
  if (!rng_percent(r, 15))
    return;
  uint32_t month = 1 + rng_below(r, 12), day = 1 + rng_below(r, 28);
  fput(f, rng_percent(r, 50) ? "2024-" : "2025-");
  fputc_(f, (char)('0' + month / 10));
  fputc_(f, (char)('0' + month % 10));
  fputc_(f, '-');
  fputc_(f, (char)('0' + day / 10));
  fputc_(f, (char)('0' + day % 10));
  if (rng_percent(r, 50))
    fput_template(f, r, "T1#:3#:00Z");
}

/* Weighted market choice through a 1000-slot table built once. */
struct market_table {
  uint8_t slot[1000];
};

static void market_table_init(struct market_table *t)
{
  size_t s = 0;
  for (size_t m = 0; m < COUNT(MARKETS); m++)
    for (unsigned i = 0; i < MARKETS[m].weight && s < COUNT(t->slot); i++)
      t->slot[s++] = (uint8_t)m;
  while (s < COUNT(t->slot))
    t->slot[s++] = 0;
}

/* Fills `row` with the clean row number `index` of `seed`. */
static void gen_row(struct row *row, const struct market_table *t, uint64_t seed, uint64_t index)
{
  struct rng r = row_rng(seed, index, 1);
  for (size_t i = 0; i < C_COUNT; i++)
    row->f[i].n = 0;
  row->m = &MARKETS[t->slot[rng_below(&r, 1000)]];
  row->city = &row->m->cities[rng_below(&r, (uint32_t)row->m->n_cities)];
  row->invite = row->by_tenant = false;
  struct company c = {pick(&r, BRANDS, COUNT(BRANDS)), pick(&r, SECTORS, COUNT(SECTORS))};
  gen_identity(row, &r, &c, index);
  gen_company(row, &r, &c);
  gen_contact(row, &r, &c);
  gen_phone(row, &r);
  gen_address(row, &r);
  gen_locale(row, &r);
  gen_regno(row, &r);
  gen_mca(row, &r);
}

/* ---- Deliberate mistakes and duplicates ------------------------------------------------------ */

enum fate {
  F_CLEAN,
  F_DUP,
  F_BAD_POSTAL,
  F_BAD_STATE,
  F_UK_FOR_GB,
  F_BAD_INN,
  F_MISSING_REGNO,
  F_BAD_TENANT,
  F_BAD_PHONE,
  F_MISSING_EMAIL,
  F_BAD_EMAIL,
  F_MISSING_COMPANY,
  F_MISSING_CITY,
  F_BAD_DOMAIN, /* the only mistake that changes a row's identity */
  F_COUNT
};
#define FIRST_MISTAKE F_BAD_POSTAL
#define N_MISTAKES (F_COUNT - FIRST_MISTAKE)

struct options {
  uint64_t rows;
  uint64_t seed;
  double dup_rate;
  double error_rate;
};

static enum fate row_fate(const struct options *o, uint64_t index)
{
  struct rng r = row_rng(o->seed, index, 2);
  double u = (double)(rng_next(&r) >> 11) * 0x1.0p-53;
  if (u < o->dup_rate && index > 0)
    return F_DUP;
  if (u < o->dup_rate + o->error_rate)
    return (enum fate)(FIRST_MISTAKE + rng_below(&r, N_MISTAKES));
  return F_CLEAN;
}

/* The earlier row a duplicate repeats: one whose identity was written as generated. */
static uint64_t dup_target(const struct options *o, uint64_t index)
{
  struct rng r = row_rng(o->seed, index, 3);
  uint64_t window = index < DUP_WINDOW ? index : DUP_WINDOW;
  for (int attempt = 0; attempt < 16; attempt++) {
    uint64_t j = index - 1 - (rng_next(&r) % window);
    enum fate f = row_fate(o, j);
    if (f != F_DUP && f != F_BAD_DOMAIN)
      return j;
  }
  return index; /* no luck: the row stays itself */
}

/* Applies `fate` to the row if it can; returns false if the mistake does not fit the row. */
static bool apply_mistake(struct row *row, enum fate fate)
{
  const struct market *m = row->m;
  struct field *f;
  switch (fate) {
  case F_BAD_POSTAL:
    f = &row->f[C_POSTAL];
    if (!m->strict_postal || f->n < 2)
      return false;
    f->n--; /* a digit lost when typing */
    return true;
  case F_BAD_STATE:
    if (!m->has_states)
      return false;
    fset(&row->f[C_STATE], "ZZ");
    return true;
  case F_UK_FOR_GB:
    if (strcmp(m->code, "GB"))
      return false;
    fset(&row->f[C_COUNTRY], "UK");
    return true;
  case F_BAD_INN:
    f = &row->f[C_REGNO];
    if (m->regno != REG_INN)
      return false;
    f->s[f->n - 1] = (char)('0' + (f->s[f->n - 1] - '0' + 1) % 10);
    return true;
  case F_MISSING_REGNO:
    if (m->regno == REG_NONE)
      return false;
    row->f[C_REGNO].n = 0;
    return true;
  case F_BAD_TENANT:
    f = &row->f[C_TENANT];
    if (!row->by_tenant)
      return false;
    f->n -= 4; /* truncated when copied */
    return true;
  case F_BAD_PHONE:
    fset(&row->f[C_PHONE], "n/a");
    return true;
  case F_MISSING_EMAIL:
    row->f[C_EMAIL].n = 0;
    return true;
  case F_BAD_EMAIL: {
    f = &row->f[C_EMAIL];
    char *at = memchr(f->s, '@', f->n);
    if (!at)
      return false;
    *at = ' ';
    return true;
  }
  case F_MISSING_COMPANY:
    row->f[C_COMPANY].n = 0;
    return true;
  case F_MISSING_CITY:
    row->f[C_CITY].n = 0;
    return true;
  case F_BAD_DOMAIN:
    f = &row->f[C_DOMAIN];
    if (row->invite || f->n < 4)
      return false;
    f->s[f->n / 2] = '_';
    return true;
  case F_CLEAN:
  case F_DUP:
  case F_COUNT:
    break;
  }
  return false;
}

/* Applies the chosen mistake, or when it does not fit the row (a GB-only mistake on a US row)
 * one of those that fit every row, so that the mix of mistakes stays even. */
static void add_mistake(struct row *row, enum fate fate)
{
  static const enum fate any_row[] = {F_BAD_PHONE, F_MISSING_EMAIL, F_BAD_EMAIL, F_MISSING_COMPANY,
                                      F_MISSING_CITY};
  if (!apply_mistake(row, fate))
    (void)apply_mistake(row, any_row[(size_t)fate % COUNT(any_row)]);
}

/* ---- CSV output ------------------------------------------------------------------------------ */

struct out {
  char *buf;
  size_t len;
  FILE *fp;
  bool failed;
};

static void out_flush(struct out *o)
{
  if (o->len && fwrite(o->buf, 1, o->len, o->fp) != o->len)
    o->failed = true;
  o->len = 0;
}

static bool needs_quotes(const struct field *f)
{
  for (size_t i = 0; i < f->n; i++) {
    char c = f->s[i];
    if (c == ',' || c == '"' || c == '\n' || c == '\r')
      return true;
  }
  return false;
}

static void out_field(struct out *o, const struct field *f)
{
  if (!needs_quotes(f)) {
    memcpy(o->buf + o->len, f->s, f->n);
    o->len += f->n;
    return;
  }
  o->buf[o->len++] = '"';
  for (size_t i = 0; i < f->n; i++) {
    if (f->s[i] == '"')
      o->buf[o->len++] = '"';
    o->buf[o->len++] = f->s[i];
  }
  o->buf[o->len++] = '"';
}

static void out_row(struct out *o, const struct row *row)
{
  if (o->len > OUT_CAP - ROW_MAX)
    out_flush(o);
  for (size_t i = 0; i < C_COUNT; i++) {
    if (i)
      o->buf[o->len++] = ',';
    out_field(o, &row->f[i]);
  }
  o->buf[o->len++] = '\n';
}

static void out_header(struct out *o)
{
  for (size_t i = 0; i < C_COUNT; i++) {
    if (i)
      o->buf[o->len++] = ',';
    size_t n = strlen(HEADER[i]);
    memcpy(o->buf + o->len, HEADER[i], n);
    o->len += n;
  }
  o->buf[o->len++] = '\n';
}

/* ---- Command line ---------------------------------------------------------------------------- */

static void usage(FILE *fp)
{
  fputs("usage: gen_customers ROWS SEED [--dup-rate P] [--error-rate P]\n"
        "  writes ROWS customer rows (CSV, canonical header) for SEED to stdout;\n"
        "  P is a fraction between 0 and 1 (defaults: dup 0.005, error 0.02)\n",
        fp);
}

static int parse_u64(const char *s, uint64_t *out)
{
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s || *end || *s == '-')
    return -1;
  *out = v;
  return 0;
}

static int parse_rate(const char *s, double *out)
{
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !(v >= 0.0 && v <= 1.0))
    return -1;
  *out = v;
  return 0;
}

static int parse_args(int argc, char **argv, struct options *o)
{
  int positional = 0;
  o->dup_rate = DEFAULT_DUP_RATE;
  o->error_rate = DEFAULT_ERROR_RATE;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--dup-rate") && i + 1 < argc) {
      if (parse_rate(argv[++i], &o->dup_rate))
        return -1;
    } else if (!strcmp(a, "--error-rate") && i + 1 < argc) {
      if (parse_rate(argv[++i], &o->error_rate))
        return -1;
    } else if (positional == 0 && !parse_u64(a, &o->rows)) {
      positional++;
    } else if (positional == 1 && !parse_u64(a, &o->seed)) {
      positional++;
    } else {
      return -1;
    }
  }
  if (positional != 2 || o->dup_rate + o->error_rate > 1.0)
    return -1;
  return 0;
}

int main(int argc, char **argv)
{
  struct options o;
  if (parse_args(argc, argv, &o)) {
    usage(stderr);
    return 2;
  }
  struct market_table *table = malloc(sizeof(*table));
  struct row *row = malloc(sizeof(*row));
  struct out out = {.buf = malloc(OUT_CAP), .fp = stdout};
  if (!table || !row || !out.buf) {
    fputs("gen_customers: out of memory\n", stderr);
    return 1;
  }
  market_table_init(table);
  out_header(&out);
  for (uint64_t i = 0; i < o.rows && !out.failed; i++) {
    enum fate fate = row_fate(&o, i);
    gen_row(row, table, o.seed, fate == F_DUP ? dup_target(&o, i) : i);
    if (fate != F_CLEAN && fate != F_DUP)
      add_mistake(row, fate);
    out_row(&out, row);
  }
  out_flush(&out);
  if (fflush(stdout) || out.failed) {
    fputs("gen_customers: write error\n", stderr);
    return 1;
  }
  free(out.buf);
  free(row);
  free(table);
  return 0;
}
