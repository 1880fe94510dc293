"""Writes one synthetic monograph in the genre of the bundled one (sections, flattened tables,
typed phrases, directors, amounts, footnotes, annex) from a World of invented facts."""

from __future__ import annotations

import random

from benchmarks.layout import Layout, eur, french
from benchmarks.prose import POINTS, filler_paragraph
from benchmarks.world import Cluster, Funding, World

TARGET_BYTES = 150_000


def _role_word(person_female: bool, male: str, female: str) -> str:
    return female if person_female else male


def write_monograph(world: World, target_bytes: int = TARGET_BYTES) -> str:
    """The document's text, about `target_bytes` long."""
    rng = random.Random(f"text:{world.seed}:{world.index}")
    doc = Layout()
    slots = {"town": world.towns, "region": world.region,
             "filiere_lower": [f.lower() for f in world.filieres]}
    _introduction(doc, world, rng, slots)
    _part_one(doc, world, rng, slots)
    _part_two(doc, world, rng, slots)
    _part_three(doc, world, rng, slots, target_bytes - 9_000)
    _annex(doc, world, rng)
    return doc.render()


def _introduction(doc: Layout, world: World, rng: random.Random, slots: dict) -> None:
    doc.raw(" Introduction ")
    doc.blank(spaced=True)
    doc.paragraph(
        f"En décembre 2011, la DATAR a confié au groupement une étude destinée à analyser le "
        f"fonctionnement de divers types de clusters sur un même territoire, le cas de la région "
        f"{world.region}, et leurs relations avec leur écosystème (voir en annexe la lettre de mission).")
    doc.paragraph("Les objectifs de l’étude confiée au groupement sont les suivants :")
    for aim in ["comprendre la place des politiques de clusters dans les politiques publiques",
                "étudier les relations existant entre les différents types de clusters",
                "analyser les relations entre les clusters et l’écosystème des acteurs",
                "comprendre les facteurs favorisant ou entravant l’efficacité de l’ensemble."]:
        doc.bullet(aim)
    doc.paragraph(filler_paragraph(rng, slots, 3))


def _part_one(doc: Layout, world: World, rng: random.Random, slots: dict) -> None:
    doc.heading(" 1. Première partie : Contexte régional – Les politiques publiques et leur pilotage")
    doc.heading("1.1. Le contexte régional")
    cells = [f" {world.region}  Poids national Moyenne", "", "nationale", ""]
    for label in ["Population en 2008", "Superficie", "Taux de chômage 2010", "PIB 2009",
                  "Doctorats 2009", "DIRD en 2008"]:
        cells += [f"{label} {rng.randint(2, 900)} {french(round(rng.uniform(0.5, 12), 1))}%", ""]
    doc.cells(cells, "Tableau 1- Chiffres clés régionaux- Source : STRATER (avril 2011)")
    doc.heading("1.1.1 Une région en mutation économique")
    for _ in range(3):
        doc.paragraph(filler_paragraph(rng, slots))
    doc.heading("1.1.2 L’enseignement supérieur et la recherche")
    note = doc.footnote(f"Université de {world.towns[1]}, Université de {world.towns[2]} "
                        f"(environ {rng.randint(20, 90)} 000 étudiants).")
    doc.paragraph(f"On compte trois universités publiques dans la métropole{note}. "
                  + filler_paragraph(rng, slots, 3))
    doc.heading("1.1.3 Les labels nationaux obtenus")
    doc.paragraph(
        f"On compte dans la région, chiffres importants pour sa taille, {len(world.pcs)} pôles de "
        f"compétitivité (dont un à vocation mondiale, {world.pcs[0].name}) et {len(world.ges)} "
        f"grappes d’entreprise{doc.footnote('Labellisées lors des deux appels à projets de la DATAR.')}.")
    pc_names = ", ".join(c.name for c in world.pcs)
    ge_names = ", ".join(c.name for c in world.ges)
    doc.cells([f"Pôles de compétitivité {pc_names[:60]}", "", pc_names[60:], "",
               f"Grappes d’entreprises {ge_names[:55]}", ge_names[55:110], ge_names[110:]],
              "Tableau 2- Pôles de compétitivité et grappes")
    doc.heading("1.2. La politique régionale et ses modalités de mise en œuvre")
    doc.heading("1.2.1 Le SRDE et sa gouvernance")
    doc.paragraph(filler_paragraph(rng, slots, 5))
    doc.heading("1.2.2 La SRI et sa gouvernance")
    for filiere in world.filieres[:4]:
        doc.bullet(f"Accompagner, par l’innovation, les secteurs « {filiere.lower()} » très présents "
                   f"en termes d’emplois", mark="-")
    doc.heading(f"1.2.3 Les {len(world.pes)} Pôles d’Excellence Régionaux")
    doc.paragraph(filler_paragraph(rng, slots, 4))
    _pe_table(doc, world)
    doc.heading(f"1.2.4 La politique de {world.metropole} Métropole")
    doc.paragraph(filler_paragraph(rng, slots, 5))
    doc.heading("1.3. Les financements d’animation et de fonctionnement par filières")
    note = doc.footnote(f"Les chiffres fournis par {world.metropole} Métropole diffèrent pour "
                        f"certaines filières (ce qui conduirait à un total supérieur de 2 M!).")
    doc.paragraph("Dans le tableau 2011 en k! ci-dessous, consolidé à partir de toutes ces données, "
                  f"il reste quelques incohérences avec d’autres sources{note}.")
    rows = [f"{pe.name} {rng.randint(80, 900)} {rng.randint(20, 400)} {rng.randint(0, 200)}"
            for pe in world.pes]
    doc.cells(["Filière Région FEDER Etat", "", *rows],
              "Tableau 4- Financements 2011 des filières (hors investissements)")


def _pe_table(doc: Layout, world: World) -> None:
    cells = ["Pôles d’excellence", "", "(date de création)", "", "Territoire", "« porteur »", "",
             "Structure", "porteuse", "", "Lien pôles de", "compétitivité", "", "Lien Grappes", ""]
    for pe in world.pes:
        created = pe.created
        if world.contradictions and world.contradictions[0]["cluster"] == pe.name:
            created = world.contradictions[0]["readings"][0]
        cells += [f"{pe.name} ({pe.acronym})", f"({created})", "", *pe.territory, ""]
        cells += pe.structure.split(" ", 1) + [""]
        cells += [name for name, rel in pe.links if "compétitivité" in rel] + [""]
        cells += [name for name, rel in pe.links if "grappe" in rel] + [""]
    doc.cells(cells, f"Tableau 3- Les {len(world.pes)} pôles d’excellence régionaux")


def _part_two(doc: Layout, world: World, rng: random.Random, slots: dict) -> None:
    doc.heading(" 2. Deuxième Partie : le fonctionnement des clusters dans leur écosystème")
    note = doc.footnote("Ces chiffres ne peuvent être interprétés sans considérer le montage "
                        "juridique des différentes structures d’une même filière.")
    doc.paragraph("On trouvera d’abord ci-dessous un tableau récapitulatif des clusters par filière. "
                  f"Y sont indiqués les effectifs des équipes d’animation en ETP{note}, tels qu’ils "
                  "nous ont été fournis dans nos entretiens.")
    cells = ["DAS SRI Pôles d’excellence", "concernés", "", "Pôles de", "compétitivité", "",
             "Grappes concernées", ""]
    for pe in world.pes:
        row = [f"{pe.filiere} {pe.name} ({french(pe.fte)} ETP)"]
        row += [f"{c.name} ({french(c.fte)} ETP)" for c in world.pcs + world.ges
                if c.filiere == pe.filiere]
        cells += [" ".join(row), ""]
    total = sum(pe.fte for pe in world.pes)
    cells.append(f"Total {french(total)} ETP {french(sum(c.fte for c in world.pcs))} ETP ?")
    doc.cells(cells, "Tableau 5- Tableau récapitulatif des clusters par filière")
    studied = [pe for pe in world.pes if any(c.filiere == pe.filiere for c in world.pcs + world.ges)]
    for number, pe in enumerate(studied, start=1):  # every PC and GE gets its section
        _filiere_section(doc, world, rng, slots, number, pe)


def _filiere_section(doc: Layout, world: World, rng: random.Random, slots: dict, number: int,
                     pe: Cluster) -> None:
    pcs = [c for c in world.pcs if c.filiere == pe.filiere]
    ges = [c for c in world.ges if c.filiere == pe.filiere]
    doc.heading(f"2.{number}. La filière {pe.filiere}")
    doc.heading(f"2.{number}.1 Panorama général")
    for _ in range(rng.randint(2, 4)):
        doc.paragraph(filler_paragraph(rng, slots, rng.randint(3, 5)))
    sub = 2
    for ge in ges:
        doc.heading(f"2.{number}.{sub} La Grappe d’entreprises {ge.name}")
        sub += 1
        alias = f" ({ge.acronym})" if ge.acronym else ""
        doc.paragraph(
            f"La grappe d’entreprises {ge.name}{alias} est née en {ge.created.split()[1]} à "
            f"{ge.territory[0]}, sur l’initiative d’un petit groupe de chefs d’entreprises. "
            f"La grappe compte actuellement {ge.members} membres dont une majorité de PME. "
            + filler_paragraph(rng, slots, 2))
        director, president = ge.director, ge.president
        doc.paragraph(
            f"{_role_word(director.female, 'Son directeur', 'Sa directrice')}, {director.full}, "
            f"est présent{'e' if director.female else ''} dans le bureau de "
            f"l’incubateur de {rng.choice(world.towns)}. "
            f"{_role_word(president.female, 'Son président', 'Sa présidente')}, {president.full}, "
            f"est quant à {_role_word(president.female, 'lui impliqué', 'elle impliquée')} dans "
            "un cluster international. "
            f"La structure est animée par une équipe de {french(ge.fte)} ETP.")
        _budget(doc, world, rng, ge)
        for target, relation in _prose_links(world, rng, ge):
            doc.paragraph(target)
    for pc in pcs:
        doc.heading(f"2.{number}.{sub} Le pôle de compétitivité {pc.name}")
        sub += 1
        doc.paragraph(
            f"Le pôle de compétitivité {pc.name} a été labellisé en {pc.created}. Il est dirigé par "
            f"{pc.director.full}, et présidé par {pc.president.full}, chef d’entreprise de la "
            f"filière. Son équipe compte {french(pc.fte)} ETP et il réunit {pc.members} adhérents. "
            + filler_paragraph(rng, slots, 2))
        amount = rng.randint(4, 30) * 50_000
        world.funding.append(Funding(pc.name, "Conseil Régional", amount, eur(amount, 1),
                                     "2011", "subvention"))
        doc.paragraph(f"Le Conseil régional a versé au pôle {pc.name} une subvention de "
                      f"{eur(amount, 1)} en 2011. " + filler_paragraph(rng, slots, 2))
        if pe.director is pc.director:
            doc.paragraph(f"Le directeur du pôle d’excellence {pe.name} est également directeur "
                          f"général du pôle {pc.name}, ce qui harmonise les stratégies.")
    doc.heading(f"2.{number}.{sub} Le pôle d’excellence {pe.name}")
    created = pe.created
    if world.contradictions and world.contradictions[0]["cluster"] == pe.name:
        created = world.contradictions[0]["readings"][1]
    doc.paragraph(
        f"Créé en {created}, le pôle d’excellence {pe.name} ({pe.acronym}) a pour structure "
        f"porteuse {pe.structure}. " + filler_paragraph(rng, slots, 3))
    for _ in range(rng.randint(2, 5)):
        doc.paragraph(filler_paragraph(rng, slots, rng.randint(3, 5)))


def _budget(doc: Layout, world: World, rng: random.Random, ge: Cluster) -> None:
    share = rng.randint(40, 120) * 100
    local = rng.randint(20, 90) * 1000
    rest = rng.randint(50, 200) * 100
    total = 2 * share + local + rest
    metropole = f"{world.metropole} Métropole"
    for funder, amount in [("Etat", share), ("Conseil Régional", share), (metropole, local),
                           ("industriels", rest)]:
        world.funding.append(Funding(ge.name, funder, amount, eur(amount), "2012", "subvention"))
    world.funding.append(Funding(ge.name, "", total, eur(total), "2012", "budget"))
    doc.paragraph(
        f"Le budget prévisionnel 2012 de la structure, de {eur(total)}, est financé par l’Etat "
        f"(grappe) et la Région à hauteur de {eur(share)} chacun, par {metropole} à hauteur de "
        f"{eur(local, 1)}, les {eur(rest, 1)} restants étant assumés par les industriels.")


def _prose_links(world: World, rng: random.Random, ge: Cluster) -> list[tuple[str, str]]:
    others = [c for c in world.pcs if c is not ge]
    out = []
    for pc in rng.sample(others, min(2, len(others))):
        relation = rng.choice(["membre fondateur", "coopération", "friction"])
        ge.links.append((pc.name, relation))
        text = {
            "membre fondateur": f"{ge.name} est membre fondateur du pôle {pc.name} (et paie à ce "
                                f"titre une cotisation collective de {eur(5000, 1)}).",
            "coopération": f"{ge.name} entretient des relations suivies avec le pôle de "
                           f"compétitivité {pc.name} (adhérents communs).",
            "friction": f"Une division des tâches parfois floue entre {ge.name} et {pc.name} a pu "
                        "être à l’origine d’inévitables frictions, maintenant apaisées.",
        }[relation]
        out.append((text, relation))
    return out


def _part_three(doc: Layout, world: World, rng: random.Random, slots: dict, target: int) -> None:
    doc.heading(" 3. Troisième Partie : résultats principaux")
    questions = ["Quelle place des clusters dans les stratégies de développement des territoires ?",
                 "Quels sont les modes de pilotage public de ces différentes structures ?",
                 "Quelles sont les modalités de fonctionnement des clusters ?",
                 "Quelles relations inter-clusters constate-t-on sur le territoire ?"]
    size = sum(len(line.text.encode("utf-8")) + 1 for line in doc.lines)
    rounds = 0
    while size < target or rounds < len(questions):
        if rounds < len(questions):
            doc.heading(f"3.{rounds + 1}. {questions[rounds]}")
        point = rng.choice(POINTS)
        doc.paragraph(f"{rounds % 6 + 1}. {point} " + filler_paragraph(rng, slots, 3))
        doc.paragraph(filler_paragraph(rng, slots, 4))
        size = sum(len(line.text.encode("utf-8")) + 1 for line in doc.lines)
        rounds += 1


def _annex(doc: Layout, world: World, rng: random.Random) -> None:
    doc.heading(" 4. ANNEXES")
    doc.raw("Annexe 1 : lettre de mission ")
    doc.raw(" Annexe 2 : liste des personnes rencontrées ")
    doc.raw(" ")
    doc.raw("Structure / Organisation Nom Fonction ")
    doc.raw("")
    for person in world.people():
        glued = rng.random() < 0.12
        name = f"{person.first}{person.last}" if glued else person.full
        if not glued and len(person.full) > 18 and rng.random() < 0.5:
            doc.raw(f"{person.organisation} {person.first} ")
            doc.raw("")
            doc.raw(f"{person.last} ")
            doc.raw(f"{person.function} ")
        else:
            doc.raw(f"{person.organisation} {name} {person.function} ")
        doc.raw("")
