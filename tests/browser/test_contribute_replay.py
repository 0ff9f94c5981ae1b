"""A viewer cannot write by replaying an editor's widget messages over Streamlit's protocol.

An editor's session opens the sidebar's sign-in expander, signs in with its form and saves a
participant with the Participant form: its exact BackMsg (page and widget states, submit
trigger included) is then sent by a viewer's session, which never signed in, to the same page.
The editor's message writes a changeset; the viewer's writes nothing and gets only the sign-in.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from coopstats.store import Store, editors

websockets = pytest.importorskip("websockets")
from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402

from loops import run_alone  # noqa: E402

APP = Path(__file__).resolve().parents[2] / "dashboard.py"
PASSWORD = "correct horse battery"
REPLY_TIMEOUT_S = 90.0


class Session:
    """One browser-less Streamlit session: sends reruns, reads widgets and texts."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        assert parts.hostname == "127.0.0.1"
        self.stream = f"ws://{parts.netloc}/_stcore/stream"
        self.widgets: dict[str, tuple[str, str]] = {}  # label -> (kind, id)
        self.texts: list[str] = []
        self.socket = None

    async def __aenter__(self) -> Session:
        self.socket = await websockets.connect(
            self.stream, subprotocols=["streamlit"], max_size=None
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self.socket.close()

    async def rerun(self, page: str, states: list[WidgetState]) -> BackMsg:
        message = BackMsg()
        client = message.rerun_script
        client.page_name = page
        client.context_info.timezone = "UTC"
        client.context_info.locale = "en-GB"
        client.widget_states.widgets.extend(states)
        self.widgets, self.texts = {}, []
        await self.socket.send(message.SerializeToString())
        await self._until_finished()
        return message

    async def send(self, message: BackMsg) -> None:
        self.widgets, self.texts = {}, []
        await self.socket.send(message.SerializeToString())
        await self._until_finished()

    async def _until_finished(self) -> None:
        while True:
            frame = await asyncio.wait_for(self.socket.recv(), REPLY_TIMEOUT_S)
            if isinstance(frame, str):
                continue
            message = ForwardMsg()
            message.ParseFromString(frame)
            kind = message.WhichOneof("type")
            if kind == "script_finished":
                if message.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    return
            elif kind == "delta" and message.delta.WhichOneof("type") == "add_block":
                block = message.delta.add_block
                if block.WhichOneof("type") == "expandable" and block.id:  # one with a state
                    self.widgets[block.expandable.label] = ("expandable", block.id)
            elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                inner = getattr(element, element.WhichOneof("type"))
                if hasattr(inner, "id") and hasattr(inner, "label") and inner.id:
                    self.widgets[inner.label] = (element.WhichOneof("type"), inner.id)
                for attr in ("body",):
                    if hasattr(inner, attr) and isinstance(getattr(inner, attr), str):
                        self.texts.append(getattr(inner, attr))

    def state(self, label: str, **value) -> WidgetState:
        _kind, widget_id = self.widgets[label]
        state = WidgetState(id=widget_id)
        for field, v in value.items():
            setattr(state, field, v)
        return state


@pytest.fixture(scope="module")
def served(serve_app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("replay-home")
    store = Store.open(f"sqlite:///{folder / 'coopstats.sqlite'}")
    editors.add(store.engine, "ana", PASSWORD)
    return serve_app(APP, env={"COOPSTATS_HOME": str(folder)}), store


async def _scenario(url: str, store: Store) -> dict[str, object]:
    out: dict[str, object] = {}
    async with Session(url) as editor:
        await editor.rerun("", [])
        opened = editor.state("Sign in to contribute", bool_value=True)
        await editor.rerun("", [opened])  # the form is drawn once its expander is open
        signin = [
            opened,
            editor.state("Editor name", string_value="ana"),
            editor.state("Password", string_value=PASSWORD),
            editor.state("Sign in", trigger_value=True),
        ]
        await editor.rerun("", signin)
        await editor.rerun("contribute", [])
        out["editor_sees"] = "Save the participant" in editor.widgets
        before = store.data_version()
        saved = await editor.rerun(
            "contribute", [editor.state("Save the participant", trigger_value=True)]
        )
        out["editor_wrote"] = store.data_version() != before
        # Undo it again through the History page, to replay that too.
        await editor.rerun("history", [])
        undo = await editor.rerun(
            "history",
            [
                editor.state("I want to undo this changeset", bool_value=True),
                editor.state("Undo", trigger_value=True),
            ],
        )
        out["editor_undid"] = len(store.history()) >= 3

    async with Session(url) as viewer:
        await viewer.rerun("", [])
        before = store.data_version()
        await viewer.send(saved)
        out["viewer_wrote_participant"] = store.data_version() != before
        out["viewer_shown"] = list(viewer.widgets)
        await viewer.send(undo)
        out["viewer_undid"] = store.data_version() != before
    return out


def test_a_viewer_replaying_an_editors_messages_writes_nothing(served):
    url, store = served
    result = run_alone(lambda: _scenario(url, store))
    assert result["editor_sees"] and result["editor_wrote"] and result["editor_undid"]
    assert not result["viewer_wrote_participant"]
    assert not result["viewer_undid"]
    assert "Save the participant" not in result["viewer_shown"]
