import pytest
from helpers import add_account, add_contact


@pytest.fixture
def bank():
    """An account with its president, ready for deals: ACC-0001 华东省农商银行 (banking), 王建国 (行长)."""
    code = add_account("华东省农商银行", industry="banking")
    add_contact("王建国", "华东省农商银行", title="行长")
    return code


@pytest.fixture
def terminal(monkeypatch):
    """A terminal for the prompts: ``terminal(keys)`` types them through prompt_toolkit's pipe input
    (then end of input, so a prompt left waiting cancels instead of hanging); the screen goes nowhere."""
    from prompt_toolkit.application import create_app_session
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput

    from tasplus_cli.cli.env import Env

    monkeypatch.setattr(Env, "interactive", property(lambda self: not self.no_input_flag))
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        def keys(text: str) -> None:
            pipe.send_text(text)
            pipe.close()
        yield keys
