"""Write the .docx files of tests/fixtures/formats/ (Word files are
binary, so they are generated from the text here; run it after editing).

    python scripts/make_format_samples.py
"""

from __future__ import annotations

from pathlib import Path

import docx

FORMATS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats"

# Otter's Word export: a "Speaker N  m:ss" paragraph, the words below, a footer.
OTTER = [
    "Speaker 1  0:02", "Buenas tardes. ¿Podría contarme a qué se dedica la organización?",
    "Speaker 2  0:08", "Somos una ONG de Puerto Maldonado. Trabajamos con adolescentes que "
    "llegan de los campamentos mineros.",
    "Muchas llegaron con ofertas falsas de trabajo en restaurantes.",
    "Speaker 1  0:35", "¿Qué apoyo recibieron de la Alianza?",
    "Speaker 2  0:39", "Capacitación para el equipo y un protocolo para derivar los casos a la "
    "fiscalía. [crosstalk]",
    "Speaker 2  1:05", "Lo que no tenemos es financiamiento estable. Cuando termina un proyecto, "
    "el personal se va.",
    "Speaker 1  1:30", "Gracias por su tiempo.",
    "Transcribed by https://otter.ai",
]
# Teams' Word export: "Name   m:ss" paragraphs, the words below.
TEAMS = [
    "Entrevista PNP - transcripción", "14 de marzo de 2024, 10:02 a. m.",
    "Torres Vega, Ana   0:05", "Buenos días, comandante. ¿Cuál es su función en la división?",
    "Rojas Paredes, Carlos   0:11", "Dirijo la unidad de investigación de trata en Lima.",
    "Tenemos doce efectivos para toda la ciudad.",
    "Torres Vega, Ana   0:40", "¿Qué cambió con la Alianza?",
    "Rojas Paredes, Carlos   0:44", "La coordinación con la fiscalía especializada. Ahora "
    "planificamos juntos los operativos de rescate.",
    "Pero la rotación es alta: cada año cambian a la mitad del personal.",
    "Torres Vega, Ana   1:30", "Muchas gracias.",
]
# A Spanish evaluation template: a title, a metadata table, labelled turns
# whose answers run over several Word paragraphs.
TEMPLATE_TABLE = [
    ("Código de entrevista", "KII-WD-01"), ("Tipo de informante", "Funcionaria pública"),
    ("Institución", "MIMP"), ("Región", "Lima"), ("Idioma", "Español"),
    ("Fecha", "14/03/2024"), ("Modalidad", "Virtual (Zoom)"), ("Entrevistador(a)", "EV-2"),
]
TEMPLATE_TURNS = [
    "ENTREVISTADORA: Buenos días. ¿Cuál es su función en el ministerio?",
    "ENTREVISTADA: Coordino la atención a víctimas de trata en la Dirección de Protección "
    "Especial.",
    "ENTREVISTADORA: ¿Qué cambió desde 2017?",
    "ENTREVISTADA: Primero, ahora hay un protocolo intersectorial que todas las instituciones "
    "conocen.",
    "Segundo, la capacitación: casi todo el equipo de las UPE pasó por los talleres.",
    "Tercero, la coordinación con la fiscalía mejoró, aunque en regiones depende de las "
    "personas.",
    "ENTREVISTADORA: ¿Qué falta?",
    "ENTREVISTADA: Presupuesto. Los CAR especializados siguen siendo pocos.",
]


def write(name: str, paragraphs: list[str], table: list[tuple[str, str]] | None = None,
          title: str | None = None) -> None:
    document = docx.Document()
    if title:
        document.add_paragraph(title)
    if table:
        grid = document.add_table(rows=0, cols=2)
        for key, value in table:
            cells = grid.add_row().cells
            cells[0].text, cells[1].text = key, value
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(FORMATS / name)


if __name__ == "__main__":
    write("KII-OT-02.docx", OTTER)
    write("KII-TD-01.docx", TEAMS)
    write("KII-WD-01.docx", TEMPLATE_TURNS, TEMPLATE_TABLE, "TRANSCRIPCIÓN DE ENTREVISTA")
