"""Complaint analytics: KPIs, groups of similar complaints, emerging issues and summaries."""

from helpline.complaints.brief import summarize
from helpline.complaints.emerging import EmergingIssue, detect_emerging
from helpline.complaints.filters import ComplaintFilter
from helpline.complaints.kpis import Kpis, compute_kpis
from helpline.complaints.summary import Summary

__all__ = [
    "ComplaintFilter",
    "EmergingIssue",
    "Kpis",
    "Summary",
    "compute_kpis",
    "detect_emerging",
    "summarize",
]
