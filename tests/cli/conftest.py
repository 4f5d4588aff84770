import pytest

from helpers import run


@pytest.fixture
def bank():
    """An account with two people, ready for deals."""
    run("account", "add", "华东省农商银行", "--industry", "banking")
    run("contact", "add", "王建国", "--account", "华东省农商银行", "--title", "行长")
    return "ACC-0001"
