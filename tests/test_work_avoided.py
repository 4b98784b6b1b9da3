"""Work summix avoids without changing output, checked on tiny random-weight models.

- One encoder pass per batch serves every target language a model translates the same sources into
  (NLLB, M2M100); MADLAD names the target in its source, so there each language is encoded on its own.
- Text already in a target language is copied, not translated.
"""

from __future__ import annotations

import pytest

from summix.options import GenerationOptions, RuntimeOptions
from summix.session import Session

DOCUMENT = (
    "Parliament approved the budget after a long debate.\n\n"
    "Prices for bread rose again. Farmers expect a good harvest this year.\n\n"
    "The museum opened an exhibition of old manuscripts. Schools reopened on Monday."
)
RUNTIME = RuntimeOptions(device="cpu", threads=1, backend="transformers", batch_size=2)
SETTINGS = (
    GenerationOptions(num_beams=1, max_new_tokens=12),
    GenerationOptions(num_beams=2, max_new_tokens=9),
)


class EncoderCounter:
    """Counts the forward passes of a loaded transformers model's encoder."""

    def __init__(self) -> None:
        self.calls = 0

    def watch(self, backend) -> None:
        backend.model.get_encoder().register_forward_hook(lambda *_: self._seen())

    def _seen(self) -> None:
        self.calls += 1


def _translated(model, targets: tuple[str, ...], generation, *, together: bool) -> tuple[list[str], int]:
    counter = EncoderCounter()
    with Session(RUNTIME) as session:
        counter.watch(session.backend(session.resolve(str(model))))
        if together:
            result = session.translate(
                DOCUMENT, list(targets), source="en", model=str(model), generation=generation
            )
            texts = [t.text for t in result.translations]
        else:
            texts = [
                session.translate(DOCUMENT, [tgt], source="en", model=str(model), generation=generation)
                .translations[0]
                .text
                for tgt in targets
            ]
    return texts, counter.calls


@pytest.mark.parametrize("family", ["tiny_nllb", "tiny_m2m100"])
@pytest.mark.parametrize("generation", SETTINGS, ids=["greedy", "beams2"])
def test_one_encoder_pass_serves_every_target(family, generation, request) -> None:
    model = request.getfixturevalue(family)
    alone, passes_alone = _translated(model, ("uz", "ru"), generation, together=False)
    together, passes_together = _translated(model, ("uz", "ru"), generation, together=True)
    assert together == alone and all(text.strip() for text in together)
    assert passes_alone > 0 and passes_together * 2 == passes_alone


def test_madlad_encodes_each_target_on_its_own(tiny_madlad) -> None:
    generation = SETTINGS[0]
    alone, passes_alone = _translated(tiny_madlad, ("uz", "ru"), generation, together=False)
    together, passes_together = _translated(tiny_madlad, ("uz", "ru"), generation, together=True)
    assert together == alone and passes_together == passes_alone > 0


def test_a_batch_of_records_into_two_languages_encodes_once(tiny_nllb) -> None:
    texts = ["Prices for bread rose again.", "Farmers expect a good harvest.", "Schools reopened on Monday."]
    generation = SETTINGS[0]
    results = {}
    for to in ("uz", "ru", "uz,ru"):
        counter = EncoderCounter()
        with Session(RUNTIME) as session:
            counter.watch(session.backend(session.resolve(str(tiny_nllb))))
            items = list(
                session.translate_batch(texts, to, source="en", model=str(tiny_nllb), generation=generation)
            )
        results[to] = ([item.translations for item in items], counter.calls)
    both, passes = results["uz,ru"]
    assert [t["uz"] for t in both] == [t["uz"] for t in results["uz"][0]]
    assert [t["ru"] for t in both] == [t["ru"] for t in results["ru"][0]]
    assert passes == results["uz"][1] == results["ru"][1]


def test_text_already_in_a_target_language_is_copied(tiny_nllb) -> None:
    counter = EncoderCounter()
    with Session(RUNTIME) as session:
        counter.watch(session.backend(session.resolve(str(tiny_nllb))))
        result = session.translate(DOCUMENT, ["en", "uz"], source="en", model=str(tiny_nllb))
        items = list(session.translate_batch(["Prices rose."], "en", source="en", model=str(tiny_nllb)))
    english = next(t for t in result.translations if t.language == "en")
    assert english.text == DOCUMENT and english.signature is None
    assert items[0].translations == {"en": "Prices rose."}
    uzbek_only = counter.calls
    assert uzbek_only > 0  # the uz translation ran; en added no pass (checked against uz alone below)
    alone = EncoderCounter()
    with Session(RUNTIME) as session:
        alone.watch(session.backend(session.resolve(str(tiny_nllb))))
        session.translate(DOCUMENT, ["uz"], source="en", model=str(tiny_nllb))
    assert alone.calls == uzbek_only
