"""Fill the templates: one handout for one location and language -> HTML and its CSS."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import jinja2

from handouts.chart import chart_style, draw_timeline
from handouts.loader import Project
from handouts.logo import header_logo, logo_ratio
from handouts.model import Brand, Handout, Location
from handouts.templating import markup, render_template


@dataclass(frozen=True)
class Job:
    """One PDF to make: a handout for a location in a language."""

    handout: str
    location: str
    lang: str

    @property
    def name(self) -> str:
        """How the job is named in messages."""
        return f"{self.location}/{self.handout} ({self.lang})"

    @property
    def kind(self) -> str:
        """The document kind, as the manifest lists it."""
        return "handout"

    @property
    def document(self) -> str:
        """The handout's id."""
        return self.handout


def brand_for(brand: Brand, location: Location) -> Brand:
    """The brand as a location sees it: its own accent and tagline where it sets them."""
    override = location.brand
    update: dict[str, Any] = {}
    if override.tagline is not None:
        update["tagline"] = override.tagline
    if override.accent is not None:
        update["colors"] = brand.colors.model_copy(update={"accent": override.accent})
    return brand.model_copy(update=update) if update else brand


def review_date(project: Project, handout: Handout, lang: str) -> dt.date:
    """A document is as current as its oldest section review."""
    return min(project.sections[lang][sid].meta.reviewed for sid in handout.sections)


def document_context(project: Project, job: Job, source_date: str | None = None) -> dict[str, Any]:
    """Everything a handout template may use (source_date: W3C date for the PDF's dates)."""
    handout = project.handouts[job.handout]
    location = project.locations[job.location]
    lang = job.lang
    sections = [project.sections[lang][sid] for sid in handout.sections]
    brand = brand_for(project.brand, location)
    reviewed = review_date(project, handout, lang)
    return {
        "lang": lang,
        "strings": project.strings[lang],
        "brand": brand,
        "tagline": brand.tagline[lang],
        "disclaimer": brand.disclaimer[lang],
        "location": location,
        "handout": handout,
        "title": handout.title[lang],
        "subject": handout.subject[lang],
        "document_id": f"{handout.id}-{lang}",
        "reviewed": reviewed,
        "sections": [
            {"id": s.id, "title": s.title, "html": markup(s.html), "include": s.meta.include}
            for s in sections
        ],
        "charts": chart_context(project, brand, lang),
        "source_date": source_date,
    }


def chart_context(project: Project, brand: Brand, lang: str) -> dict[str, dict[str, Any]]:
    """Every chart drawn in the document's brand and language: {id: {svg, caption}}."""
    if not project.charts or project.text_metrics is None:
        return {}
    style = chart_style(brand)
    drawn = {
        chart_id: draw_timeline(timeline, lang, style, project.text_metrics)
        for chart_id, timeline in project.charts.items()
    }
    return {cid: {"svg": markup(c.svg), "caption": c.caption} for cid, c in drawn.items()}


def stylesheet_context(project: Project, job: Job) -> dict[str, Any]:
    """What the generated brand stylesheet needs."""
    location = project.locations[job.location]
    return {
        "brand": brand_for(project.brand, location),
        "font_faces": project.font_faces,
        "logo": "../content/" + project.brand.logo,
        "logo_box": header_logo(logo_ratio(project.paths.content, project.brand.logo)),
    }


def render_document(
    env: jinja2.Environment, project: Project, job: Job, source_date: str | None = None
) -> tuple[str, str]:
    """HTML and generated CSS for one job."""
    handout = project.handouts[job.handout]
    html = render_template(env, handout.template, document_context(project, job, source_date))
    css = render_template(env, "css/brand.css.jinja", stylesheet_context(project, job))
    return html, css
