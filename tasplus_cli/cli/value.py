"""``tasplus value …``: the value proposition of a deal (METHOD §11) — the
solution, its measurable business value, proof points — and how we compare
with the strongest competitors; ``value pitch`` prints the two-minute version.
Screens are in ``render.plan``; every sentence is in the catalogue."""

from __future__ import annotations

from typing import Optional

import typer

from tasplus_cli.cli.options import JSON, opt_vocab
from tasplus_cli.cli.env import env
from tasplus_cli.domain import vocab

app = typer.Typer(rich_markup_mode=None, help="Value proposition and the comparison with the top-two competitors.", no_args_is_help=True)

OPP = typer.Argument(..., help="Deal code or name.")
FIELD_LABELS = {"solution": "Solution", "business_value": "Business value", "proof_points": "Proof points"}


@app.command("set")
def set_(opp: str = OPP,
         solution: Optional[str] = typer.Option(None, help="Which solution we propose."),
         business_value: Optional[str] = typer.Option(None, "--business-value", help="Measurable value for the customer."),
         proof: Optional[str] = typer.Option(None, "--proof", help="Proof points: references, POC results.")) -> None:
    """Write or update a deal's value proposition.

    \b
    Example: tasplus value set OPP-0001 --solution "分布式核心+信创适配" --business-value "日终批处理从6小时降到1小时" --proof "省联社两家样板行"
    """
    from tasplus_cli.cli.output import info, success
    from tasplus_cli.messages import label, msg
    from tasplus_cli.store import opps, plans as plan

    e = env()
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        changed = plan.set_value(s, o, e.user, solution=solution, business_value=business_value, proof_points=proof)
    if changed:
        parts = msg("value.separator").join(label(FIELD_LABELS[f]).lower() for f in changed)
        success(msg("success.value.updated", code=o.code, fields=parts))
    else:
        info(msg("value.unchanged", code=o.code))


@app.command("compare")
def compare(opp: str = OPP, competitor: str = typer.Argument(..., help="Competitor code or name."),
            solution: Optional[str] = typer.Option(None, help="Our solution vs theirs: better|equal|worse (优于/持平/劣于)."),
            relationship: Optional[str] = typer.Option(None, help="Our customer relationship vs theirs."),
            strength: Optional[str] = typer.Option(None, help="Our hardware/software strength (软硬件实力) vs theirs."),
            note: Optional[str] = typer.Option(None, help="Why.")) -> None:
    """Compare us with one competitor on solution, relationship and hardware/software strength.

    \b
    Example: tasplus value compare OPP-0001 云擎科技 --solution better --relationship worse --note "对方与分管行长关系密切"
    """
    from tasplus_cli.cli.output import success
    from tasplus_cli.messages import msg
    from tasplus_cli.store import competitors, opps, plans as plan

    e = env()
    verdicts = {dim: opt_vocab(vocab.VERDICT, val, f"--{dim}")
                for dim, val in (("solution", solution), ("relationship", relationship), ("strength", strength))
                if val is not None}
    with e.session(write=True) as s:
        o = opps.get_opp(s, opp)
        c = competitors.get_competitor(s, competitor)
        plan.compare(s, o, c, verdicts, note, e.user)
    success(msg("success.value.compared", code=o.code, competitor=c.name,
                dimensions=msg("value.separator").join(vocab.DIMENSION.label(d, e.lang) for d in verdicts)))


@app.command("show")
def show_(opp: str = OPP, as_json: bool = JSON) -> None:
    """Show the value proposition and the comparison against the top two of the latest survey.

    \b
    Example: tasplus value show OPP-0001
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.render import plan as screens

    emit(_value_view(opp), screens.value_panel, "json" if as_json else "table")


@app.command("pitch")
def pitch(opp: str = OPP, as_json: bool = JSON) -> None:
    """Print the value proposition as a two-minute statement.

    \b
    Example: tasplus value pitch OPP-0001
    """
    from tasplus_cli.cli.output import emit
    from tasplus_cli.domain.pitch import pitch as make_pitch
    from tasplus_cli.render import plan as screens

    data = _value_view(opp)
    emit({"code": data["code"], "pitch": make_pitch(data, env().lang), "value": data}, screens.pitch,
         "json" if as_json else "table")


def _value_view(opp: str) -> dict:
    """The value proposition of one deal, read with this invocation's settings (one session)."""
    from tasplus_cli.store import opps
    from tasplus_cli.store.read import plans as plan_views

    e = env()
    with e.session() as s:
        return plan_views.value_view(s, opps.get_opp(s, opp), e.settings.winrate)
