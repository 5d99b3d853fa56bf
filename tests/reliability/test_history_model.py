"""Any sequence of add, edit, delete, undo and redo through `History` leaves the store equal to a
plain in-memory model of the same steps, also when the store is opened afresh."""

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.annotation import Annotation
from tui.core.history import History
from tui.core.store import Store

DOC = "doc"
Steps = list[tuple[str, int, str]]

step = st.tuples(
    st.sampled_from(["add", "edit", "delete", "undo", "redo"]),
    st.integers(min_value=0, max_value=1000),
    st.text(max_size=20),
)


class Model:
    """What the store should hold: annotations by id, with undo and redo as whole snapshots."""

    def __init__(self) -> None:
        self.state: dict[str, Annotation] = {}
        self.undone: list[dict[str, Annotation]] = []
        self.redone: list[dict[str, Annotation]] = []

    def change(self, new_state: dict[str, Annotation]) -> None:
        self.undone.append(self.state)
        self.redone.clear()
        self.state = new_state

    def undo(self) -> None:
        if self.undone:
            self.redone.append(self.state)
            self.state = self.undone.pop()

    def redo(self) -> None:
        if self.redone:
            self.undone.append(self.state)
            self.state = self.redone.pop()


def run(history: History, model: Model, steps: Steps) -> None:
    for kind, pick, text in steps:
        ids = sorted(model.state)
        if kind == "add":
            made = history.add(Annotation(doc_id=DOC, note=text, tags=(text,)))
            model.change({**model.state, made.id: made})
        elif kind == "edit" and ids:
            edited = model.state[ids[pick % len(ids)]].edited(note=text)
            history.update(edited)
            model.change({**model.state, edited.id: edited})
        elif kind == "delete" and ids:
            gone = model.state[ids[pick % len(ids)]]
            history.delete(gone)
            model.change({key: a for key, a in model.state.items() if key != gone.id})
        elif kind == "undo":
            history.undo()
            model.undo()
        elif kind == "redo":
            history.redo()
            model.redo()


@settings(max_examples=60, deadline=None)
@given(steps=st.lists(step, max_size=25))
def test_history_through_the_store_equals_the_model(steps: Steps) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder))
        model = Model()
        run(History(store), model, steps)
        expected = sorted(model.state.values(), key=lambda a: a.id)
        assert sorted(store.annotations(DOC), key=lambda a: a.id) == expected
        assert sorted(Store(Path(folder)).annotations(DOC), key=lambda a: a.id) == expected
