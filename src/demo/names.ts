/**
 * Given names and family names of the demo population (German, Swiss and Austrian, split by
 * generation and country), and the ASCII folding used to build e-mail addresses from them.
 */
import type { Country } from "./places.js";

/** Female and male given names for one generation. */
interface GivenNames {
  readonly female: readonly string[];
  readonly male: readonly string[];
}

const OLDER: GivenNames = {
  female: [
    "Ursula",
    "Helga",
    "Monika",
    "Brigitte",
    "Renate",
    "Gertrud",
    "Elisabeth",
    "Karin",
    "Erika",
    "Heidi",
    "Margrit",
    "Ruth",
    "Ingrid",
    "Christa",
    "Silvia",
    "Gabriele",
    "Rosmarie",
    "Hannelore",
  ],
  male: [
    "Peter",
    "Hans",
    "Klaus",
    "Wolfgang",
    "Karl-Heinz",
    "Werner",
    "Urs",
    "Manfred",
    "Jürgen",
    "Gerhard",
    "Ernst",
    "Walter",
    "Rudolf",
    "Franz",
    "Helmut",
    "Bruno",
    "Kurt",
    "Heinz",
  ],
};

const YOUNGER: GivenNames = {
  female: [
    "Anna",
    "Laura",
    "Lea",
    "Sarah",
    "Julia",
    "Lena",
    "Katharina",
    "Sophie",
    "Mia",
    "Hannah",
    "Nina",
    "Sandra",
    "Stefanie",
    "Corinne",
    "Seraina",
    "Leonie",
    "Marie",
    "Jana",
    "Nadine",
    "Carla",
    "Selina",
    "Emma",
  ],
  male: [
    "Lukas",
    "Jonas",
    "Leon",
    "Felix",
    "Maximilian",
    "Florian",
    "Tobias",
    "Daniel",
    "Reto",
    "Beat",
    "Simon",
    "David",
    "Fabian",
    "Matthias",
    "Jan",
    "Noah",
    "Luca",
    "Elias",
    "Sebastian",
    "Thomas",
    "Michael",
    "Stefan",
  ],
};

const FAMILY: Readonly<Record<Country, readonly string[]>> = {
  DE: [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hartmann",
    "Lange",
    "Krause",
    "Lehmann",
    "Yılmaz",
    "Nowak",
    "Kowalski",
    "Rossi",
  ],
  CH: [
    "Müller",
    "Meier",
    "Schmid",
    "Keller",
    "Weber",
    "Huber",
    "Schneider",
    "Steiner",
    "Fischer",
    "Gerber",
    "Brunner",
    "Baumann",
    "Frei",
    "Zimmermann",
    "Moser",
    "Widmer",
    "Wyss",
    "Graf",
    "Roth",
    "Bühler",
    "Marti",
    "Kälin",
    "Bianchi",
    "Favre",
  ],
  AT: [
    "Gruber",
    "Huber",
    "Bauer",
    "Wagner",
    "Pichler",
    "Steiner",
    "Moser",
    "Mayer",
    "Hofer",
    "Leitner",
    "Berger",
    "Fuchs",
    "Eder",
    "Fischer",
    "Schmid",
    "Winkler",
    "Weber",
    "Schwarz",
    "Maier",
    "Haas",
    "Wimmer",
    "Novak",
    "Horvath",
  ],
};

/** Given names for someone born in `birthYear`. */
export function givenNames(birthYear: number): GivenNames {
  return birthYear < 1965 ? OLDER : YOUNGER;
}

/** Family names common in `country`. */
export function familyNames(country: Country): readonly string[] {
  return FAMILY[country];
}

const FOLD: Readonly<Record<string, string>> = {
  ä: "ae",
  ö: "oe",
  ü: "ue",
  ß: "ss",
  é: "e",
  è: "e",
  ı: "i",
  ł: "l",
};

/** Lower-case ASCII for an e-mail local part: "Jürgen" → "juergen", "Karl-Heinz" → "karl-heinz". */
export function emailPart(name: string): string {
  let out = "";
  for (const ch of name.toLowerCase()) {
    const folded = FOLD[ch];
    if (folded !== undefined) out += folded;
    else if ((ch >= "a" && ch <= "z") || ch === "-") out += ch;
  }
  return out;
}
