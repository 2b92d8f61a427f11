"""Stage 4, documents: what each PDF is. One module per kind (handout, packet, brand sheet, chart
sheet) implementing the ``Document`` protocol; ``plan`` lists what a build makes."""

from handouts.documents.base import Document, LinkWords, PrintSettings, Stylesheet
from handouts.documents.brandsheet import BrandSheetDocument
from handouts.documents.chartsheet import ChartSheetDocument
from handouts.documents.handout import HandoutDocument
from handouts.documents.packet import PacketDocument
from handouts.documents.plan import Selection, plan

__all__ = [
    "BrandSheetDocument",
    "ChartSheetDocument",
    "Document",
    "HandoutDocument",
    "LinkWords",
    "PacketDocument",
    "PrintSettings",
    "Selection",
    "Stylesheet",
    "plan",
]
