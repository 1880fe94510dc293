"""The invented facts behind one synthetic monograph (region, clusters, people, money), drawn
from a seeded generator so that the text and its ground truth agree and are reproducible."""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

from benchmarks.names import NameBook

THEMES = [
    "Textile, mode, matériaux", "Plasturgie", "Santé", "Numérique", "Images", "Logistique",
    "Eco-activités", "Agroalimentaire", "Bois", "Mécanique", "Energie", "Automobile",
    "Ferroviaire", "Aéronautique", "Chimie verte", "Nautisme", "BTP",
]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "septembre",
          "octobre", "novembre", "décembre"]
STATE_BODIES = ["SGAR", "DIRECCTE", "DRRT", "Oséo", "Caisse des Dépôts"]
FUNCTIONS = ["Directeur général", "Chargé de mission", "Chef du service Innovation",
             "Directeur Développement économique", "Délégué Innovation", "Président",
             "Ingénieur de recherche", "Conseiller en développement technologique"]


@dataclass
class Person:
    first: str
    last: str
    female: bool
    organisation: str
    function: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class Cluster:
    name: str
    kind: str  # PC, GE, PE
    acronym: str | None
    filiere: str
    created: str
    territory: list[str]
    structure: str
    fte: float
    members: int
    director: Person
    president: Person | None = None
    links: list[tuple[str, str]] = field(default_factory=list)  # (target name, relation)


@dataclass
class Funding:
    recipient: str
    funder: str
    amount_eur: float
    text: str
    period: str
    kind: str


@dataclass
class World:
    seed: int
    index: int
    region: str
    metropole: str
    metropole_acronym: str
    towns: list[str]
    filieres: list[str]
    pcs: list[Cluster]
    ges: list[Cluster]
    pes: list[Cluster]
    officials: list[Person]
    funding: list[Funding] = field(default_factory=list)
    contradictions: list[dict] = field(default_factory=list)

    @property
    def clusters(self) -> list[Cluster]:
        return [*self.pcs, *self.ges, *self.pes]

    def people(self) -> list[Person]:
        found = [*self.officials]
        for cluster in self.clusters:
            found.append(cluster.director)
            if cluster.president:
                found.append(cluster.president)
        unique: dict[int, Person] = {id(p): p for p in found}
        return list(unique.values())

    def truth(self) -> dict:
        """The facts a perfect extractor would find, as JSON-able data."""
        return {
            "region": self.region,
            "clusters": [
                {**asdict(c), "director": c.director.full,
                 "president": c.president.full if c.president else None}
                for c in self.clusters
            ],
            "people": [
                {"name": p.full, "organisation": p.organisation, "function": p.function}
                for p in self.people()
            ],
            "funding": [asdict(f) for f in self.funding],
            "contradictions": self.contradictions,
        }


_FEMININE = {"Directeur": "Directrice", "Président": "Présidente", "Chargé": "Chargée",
             "Délégué": "Déléguée", "Conseiller": "Conseillère", "général": "générale"}


def _person(book: NameBook, rng: random.Random, organisation: str, function: str) -> Person:
    first, last, female = book.person()
    if female:
        function = " ".join(_FEMININE.get(word, word) for word in function.split(" "))
    return Person(first, last, female, organisation, function)


def _date(rng: random.Random, first: int, last: int) -> str:
    return f"{rng.choice(MONTHS)} {rng.randint(first, last)}"


def make_world(seed: int, index: int, book: NameBook) -> World:
    """Draw one region's clusters, people and funding."""
    rng = random.Random(f"{seed}:{index}")
    book.rng = rng
    region = book.region()
    towns = [book.town() for _ in range(8)]
    metropole = towns[0]
    filieres = rng.sample(THEMES, rng.randint(10, 14))
    pcs = []
    for filiere in filieres[: rng.randint(5, 8)]:
        name = book.brand() if rng.random() < 0.6 else book.acronym()
        pcs.append(Cluster(
            name, "PC", None, filiere, _date(rng, 2005, 2010), [metropole], f"Association {name}",
            round(rng.uniform(3, 12), 1), rng.randint(60, 300),
            _person(book, rng, name, "Directeur général"),
            _person(book, rng, name, "Président"),
        ))
    ges = []
    for filiere in rng.sample(filieres, rng.randint(6, 10)):
        acronym = book.acronym()
        name = rng.choice([f"Club {book.brand()}", acronym, f"{book.brand()} Cluster"])
        ges.append(Cluster(
            name, "GE", acronym if name != acronym else None, filiere, _date(rng, 1995, 2011),
            [rng.choice(towns)], f"Association {name}", round(rng.uniform(1, 4) * 2) / 2,
            rng.randint(20, 120), _person(book, rng, name, "Directeur"),
            _person(book, rng, name, "Président"),
        ))
    pes = []
    short = region.split("-")[0]
    for filiere in filieres:
        name = f"{filiere} {short}"
        acronym = book.acronym(3)
        structure = rng.choice([f"Association {acronym}", f"GIE {book.brand()}",
                                f"CCI {rng.choice(towns)}", f"SPL {book.brand()}"])
        pe = Cluster(
            name, "PE", acronym, filiere, _date(rng, 2008, 2012), rng.sample(towns, rng.randint(1, 3)),
            structure, float(rng.randint(1, 8)), rng.randint(10, 80),
            _person(book, rng, structure, "Directeur général"),
        )
        for other in [*pcs, *ges]:
            if other.filiere == filiere or rng.random() < 0.08:
                relation = "lien pôle de compétitivité" if other.kind == "PC" else "lien grappe"
                pe.links.append((other.name, relation))
        pes.append(pe)
    for pe in pes:  # one shared director, told across places
        twin = next((pc for pc in pcs if pc.filiere == pe.filiere), None)
        if twin is not None:
            pe.director = twin.director
            break
    officials = [_person(book, rng, body, rng.choice(FUNCTIONS)) for body in STATE_BODIES]
    officials += [_person(book, rng, "Conseil Régional", rng.choice(FUNCTIONS)) for _ in range(3)]
    officials.append(_person(book, rng, f"{metropole} Métropole", "Directrice Entreprises"))
    world = World(seed, index, region, metropole, f"CU{metropole[:1].upper()}", towns, filieres,
                  pcs, ges, pes, officials)
    first_pe = pes[0]
    world.contradictions.append({
        "cluster": first_pe.name, "attribute": "created",
        "readings": [first_pe.created, f"{first_pe.created.split()[0]} {int(first_pe.created.split()[1]) + 1}"],
    })
    return world
