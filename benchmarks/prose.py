"""Generic French policy-study sentences with slots, to give synthetic monographs the bulk
and vocabulary of the real one without copying its text."""

from __future__ import annotations

import random

FILLER = [
    "La politique régionale de développement économique s’appuie sur les filières du territoire "
    "de {town}, avec une attention particulière portée aux PME et à leur capacité d’innovation.",
    "Les acteurs rencontrés soulignent la difficulté de coordonner des structures aux statuts "
    "très variés : associations, sociétés publiques locales, groupements d’intérêt économique.",
    "En {year}, la conférence permanente du SRDE a validé des plans d’action détaillés par axe, "
    "et a confié au PRES une mission sur la valorisation de la recherche.",
    "Le Conseil régional finance l’animation des structures par des conventions pluriannuelles, "
    "assorties d’indicateurs de suivi qui sont examinés chaque semestre.",
    "Plusieurs interlocuteurs regrettent la multiplication des guichets, qui rend le paysage "
    "peu lisible pour les entreprises de la filière {filiere_lower}.",
    "La communauté d’agglomération de {town} porte une part de la politique de filière, tout en "
    "poursuivant des objectifs propres liés à son territoire.",
    "Les universités et les écoles d’ingénieurs de {town} participent aux projets collaboratifs, "
    "mais les laboratoires restent peu tournés vers les besoins des PME.",
    "Le nombre d’adhérents a progressé régulièrement depuis {year}, pour atteindre environ {n} "
    "entreprises, dont une majorité de PME et quelques grands groupes.",
    "Les entretiens montrent une forte proximité thématique entre les structures, source de "
    "coopérations mais aussi d’inévitables frictions sur le recrutement des adhérents.",
    "L’Etat, par la DIRECCTE, soutient des actions collectives qui complètent les financements "
    "régionaux, notamment pour l’accompagnement à l’international.",
    "Les projets de recherche labellisés par le pôle ont mobilisé {n} partenaires, dont une part "
    "importante d’établissements situés hors de la région {region}.",
    "Le parc d’activité de {town} accueille un incubateur, un centre technique et plusieurs "
    "plateformes mutualisées, ce qui renforce la visibilité de la filière.",
    "La gouvernance associe des représentants des entreprises, des collectivités, de l’Etat et "
    "des établissements d’enseignement supérieur, dans un conseil d’administration de {n} membres.",
    "On notera que la doctrine régionale privilégie l’organisation en filière, fédérant "
    "l’ensemble des acteurs économiques, de la formation, de la recherche et de l’innovation.",
    "Les financements européens (FEDER) représentent une part significative du budget "
    "d’animation, ce qui impose des procédures de suivi parfois jugées lourdes.",
    "Le diagnostic partagé réalisé en {year} par un cabinet de conseil a servi de base à la "
    "feuille de route de la filière {filiere_lower}.",
    "Les entreprises interrogées attendent surtout des services concrets : veille, mise en "
    "relation, appui au montage de projets et accès aux financements.",
    "La question de la taille critique revient souvent : plusieurs structures n’ont pas les "
    "moyens d’une équipe d’animation complète et mutualisent leurs fonctions support.",
    "Les élus de {town} sont attachés à la présence sur leur territoire d’un site de la "
    "filière, ce qui conduit à des coresponsabilités entre agglomérations.",
    "Le comité de pilotage mensuel, copiloté par l’Etat et le Conseil régional, assure le suivi "
    "des orientations et la cohérence entre les dispositifs.",
]

POINTS = [
    "L’élaboration progressive de la stratégie régionale a fait des filières le cadre commun "
    "des politiques de développement, de recherche et de formation.",
    "Par contraste, les Grappes d’entreprises ne sont pas présentes formellement dans la "
    "stratégie régionale, même si plusieurs sont financées par la Région.",
    "Certaines agglomérations sont parties prenantes du développement des Pôles d’excellence, "
    "parfois comme territoire chef de file.",
    "Les Conseils généraux sont plutôt en retrait sur ces politiques, soutenant toutefois au cas "
    "par cas des actions locales.",
    "Le pilotage public des clusters s’effectue par des conventions, des comités de suivi et "
    "des indicateurs d’activité, avec des exigences inégales selon les financeurs.",
]


def fill(template: str, rng: random.Random, slots: dict[str, object]) -> str:
    values = {key: (rng.choice(value) if isinstance(value, list) else value)
              for key, value in slots.items()}
    values.setdefault("n", rng.randint(12, 400))
    values.setdefault("year", rng.randint(2004, 2011))
    return template.format(**values)


def filler_paragraph(rng: random.Random, slots: dict[str, object], sentences: int = 4) -> str:
    """A paragraph of a few distinct generic sentences."""
    return " ".join(fill(t, rng, slots) for t in rng.sample(FILLER, sentences))
