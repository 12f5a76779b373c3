"""Funding and projects (duties 9 and 10): one module per register.

* sources.py — funding sources, sponsorship/support agreements, calls;
* applications.py — grant applications (private pages) with partners, budget lines,
  indicators, documents and reporting duties;
* projects.py — public project pages made from awarded applications;
* actions.py — project actions, moderated snippets coordinated with the head.
"""

from .actions import ProjectAction
from .applications import (
    ApplicationDocument,
    ApplicationPartner,
    BudgetLine,
    GrantApplicationIndexPage,
    GrantApplicationPage,
    Indicator,
    ReportingDuty,
)
from .deadlines import DeadlineReminder
from .projects import ProjectFunder, ProjectIndexPage, ProjectPage, ProjectPartner, ProjectUpdate
from .sources import Call, FundingSource, SupportAgreement

__all__ = [
    "ApplicationDocument",
    "ApplicationPartner",
    "BudgetLine",
    "Call",
    "DeadlineReminder",
    "FundingSource",
    "GrantApplicationIndexPage",
    "GrantApplicationPage",
    "Indicator",
    "ProjectAction",
    "ProjectFunder",
    "ProjectIndexPage",
    "ProjectPage",
    "ProjectPartner",
    "ProjectUpdate",
    "ReportingDuty",
    "SupportAgreement",
]
