import pytest
from helpers import add_account, add_contact


@pytest.fixture
def bank():
    """An account with its president, ready for deals: ACC-0001 华东省农商银行 (banking), 王建国 (行长)."""
    code = add_account("华东省农商银行", industry="banking")
    add_contact("王建国", "华东省农商银行", title="行长")
    return code
