"""Read-only editor panels of a grant application: the budget's sums and the lifecycle."""

from wagtail.admin.panels import Panel


class BudgetSummaryPanel(Panel):
    """Totals per line and overall, requested amount and co-financing share, with the
    call's limits: as last saved (grants/budget.py computes them)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "grants/applications/panels/budget_summary.html"

        def get_context_data(self, parent_context=None):
            from .budget import Budget, check, euros

            context = super().get_context_data(parent_context)
            lines = list(self.instance.budget_lines.all()) if self.instance else []
            budget = Budget.of(lines)
            call = self.instance.call if self.instance and self.instance.call_id else None
            own_share = budget.own_share
            context.update(
                rows=[
                    {
                        "description": line.description,
                        "total": euros(figures.total),
                        "own": euros(figures.own_contribution),
                        "other": euros(figures.other_sources),
                        "requested": euros(figures.requested),
                    }
                    for line, figures in zip(lines, budget.lines, strict=True)
                ],
                sums={
                    "total": euros(budget.total),
                    "own": euros(budget.own_contribution),
                    "other": euros(budget.other_sources),
                    "requested": euros(budget.requested),
                    "share": "—" if own_share is None else euros(own_share),
                },
                call=call,
                call_max=euros(call.max_amount) if call else "",
                call_min=euros(call.min_own_share) if call else "",
                problems=check(budget, call).messages(),
            )
            return context


class LifecyclePanel(Panel):
    """Where the application is in its lifecycle and the moves the user may make."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "grants/applications/panels/lifecycle.html"

        def get_context_data(self, parent_context=None):
            from .lifecycle import move_buttons

            context = super().get_context_data(parent_context)
            page = self.instance
            context.update(page=page, moves=move_buttons(self.request.user, page))
            return context
