"""Text and tabular task methods, as mixins of the sync and the async client (thin shells)."""

from __future__ import annotations

from typing import Any, TypeVar

from .._flow import Flow
from ._context import ClientContext
from ._shared import call_args
from .outputs.tasks import (
    FillMaskOutputElement,
    QuestionAnsweringOutputElement,
    SummarizationOutput,
    TableQuestionAnsweringOutputElement,
    TextClassificationOutputElement,
    TokenClassificationOutputElement,
    TranslationOutput,
    ZeroShotClassificationOutputElement,
)
from .tasks import tabular
from .tasks import text as text_tasks

__all__ = ["AsyncTextMethods", "SyncTextMethods"]

T = TypeVar("T")


def _maybe_numpy(data: Any, as_numpy: bool) -> Any:
    if not as_numpy:
        return data
    import numpy  # only when asked for; not a dependency

    return numpy.asarray(data, dtype="float32")


class SyncTextMethods:
    """Text and tabular tasks of :class:`InferenceClient`."""

    _ctx: ClientContext

    def _run(self, flow: Flow[T]) -> T:
        raise NotImplementedError

    def feature_extraction(self, text: str | list[str], *, normalize: bool | None = None,
                           prompt_name: str | None = None, truncate: bool | None = None,
                           truncation_direction: str | None = None, dimensions: int | None = None,
                           encoding_format: str | None = None, model: str | None = None,
                           as_numpy: bool = False) -> Any:
        """Embeddings as nested lists of floats (a numpy array with ``as_numpy=True``)."""
        args = call_args(locals())
        as_numpy = args.pop("as_numpy")
        return _maybe_numpy(self._run(text_tasks.feature_extraction(self._ctx, **args)), as_numpy)

    def sentence_similarity(self, sentence: str, other_sentences: list[str], *,
                            model: str | None = None) -> list[float]:
        return self._run(text_tasks.sentence_similarity(self._ctx, **call_args(locals())))

    def fill_mask(self, text: str, *, model: str | None = None, targets: list[str] | None = None,
                  top_k: int | None = None) -> list[FillMaskOutputElement]:
        return self._run(text_tasks.fill_mask(self._ctx, **call_args(locals())))

    def text_classification(self, text: str, *, model: str | None = None, top_k: int | None = None,
                            function_to_apply: str | None = None) -> list[TextClassificationOutputElement]:
        return self._run(text_tasks.text_classification(self._ctx, **call_args(locals())))

    def token_classification(self, text: str, *, model: str | None = None, aggregation_strategy: str | None = None,
                             ignore_labels: list[str] | None = None,
                             stride: int | None = None) -> list[TokenClassificationOutputElement]:
        return self._run(text_tasks.token_classification(self._ctx, **call_args(locals())))

    def question_answering(self, question: str, context: str, *, model: str | None = None,
                           align_to_words: bool | None = None, doc_stride: int | None = None,
                           handle_impossible_answer: bool | None = None, max_answer_len: int | None = None,
                           max_question_len: int | None = None, max_seq_len: int | None = None,
                           top_k: int | None = None,
                           ) -> QuestionAnsweringOutputElement | list[QuestionAnsweringOutputElement]:
        return self._run(text_tasks.question_answering(self._ctx, **call_args(locals())))

    def table_question_answering(self, table: dict[str, Any], query: str, *, model: str | None = None,
                                 padding: str | None = None, sequential: bool | None = None,
                                 truncation: bool | None = None) -> TableQuestionAnsweringOutputElement:
        return self._run(text_tasks.table_question_answering(self._ctx, **call_args(locals())))

    def summarization(self, text: str, *, model: str | None = None, clean_up_tokenization_spaces: bool | None = None,
                      generate_parameters: dict[str, Any] | None = None,
                      truncation: str | None = None) -> SummarizationOutput:
        return self._run(text_tasks.summarization(self._ctx, **call_args(locals())))

    def translation(self, text: str, *, model: str | None = None, src_lang: str | None = None,
                    tgt_lang: str | None = None, clean_up_tokenization_spaces: bool | None = None,
                    truncation: str | None = None,
                    generate_parameters: dict[str, Any] | None = None) -> TranslationOutput:
        return self._run(text_tasks.translation(self._ctx, **call_args(locals())))

    def zero_shot_classification(self, text: str, candidate_labels: list[str], *, multi_label: bool | None = False,
                                 hypothesis_template: str | None = None,
                                 model: str | None = None) -> list[ZeroShotClassificationOutputElement]:
        return self._run(text_tasks.zero_shot_classification(self._ctx, **call_args(locals())))

    def tabular_classification(self, table: dict[str, Any], *, model: str | None = None) -> list[str]:
        return self._run(tabular.tabular_classification(self._ctx, **call_args(locals())))

    def tabular_regression(self, table: dict[str, Any], *, model: str | None = None) -> list[float]:
        return self._run(tabular.tabular_regression(self._ctx, **call_args(locals())))


class AsyncTextMethods:
    """Text and tabular tasks of :class:`AsyncInferenceClient`."""

    _ctx: ClientContext

    async def _run(self, flow: Flow[T]) -> T:
        raise NotImplementedError

    async def feature_extraction(self, text: str | list[str], *, normalize: bool | None = None,
                           prompt_name: str | None = None, truncate: bool | None = None,
                           truncation_direction: str | None = None, dimensions: int | None = None,
                           encoding_format: str | None = None, model: str | None = None,
                           as_numpy: bool = False) -> Any:
        """Embeddings as nested lists of floats (a numpy array with ``as_numpy=True``)."""
        args = call_args(locals())
        as_numpy = args.pop("as_numpy")
        return _maybe_numpy(await self._run(text_tasks.feature_extraction(self._ctx, **args)), as_numpy)

    async def sentence_similarity(self, sentence: str, other_sentences: list[str], *,
                            model: str | None = None) -> list[float]:
        return await self._run(text_tasks.sentence_similarity(self._ctx, **call_args(locals())))

    async def fill_mask(self, text: str, *, model: str | None = None, targets: list[str] | None = None,
                  top_k: int | None = None) -> list[FillMaskOutputElement]:
        return await self._run(text_tasks.fill_mask(self._ctx, **call_args(locals())))

    async def text_classification(self, text: str, *, model: str | None = None, top_k: int | None = None,
                            function_to_apply: str | None = None) -> list[TextClassificationOutputElement]:
        return await self._run(text_tasks.text_classification(self._ctx, **call_args(locals())))

    async def token_classification(self, text: str, *, model: str | None = None, aggregation_strategy: str | None = None,
                             ignore_labels: list[str] | None = None,
                             stride: int | None = None) -> list[TokenClassificationOutputElement]:
        return await self._run(text_tasks.token_classification(self._ctx, **call_args(locals())))

    async def question_answering(self, question: str, context: str, *, model: str | None = None,
                           align_to_words: bool | None = None, doc_stride: int | None = None,
                           handle_impossible_answer: bool | None = None, max_answer_len: int | None = None,
                           max_question_len: int | None = None, max_seq_len: int | None = None,
                           top_k: int | None = None,
                           ) -> QuestionAnsweringOutputElement | list[QuestionAnsweringOutputElement]:
        return await self._run(text_tasks.question_answering(self._ctx, **call_args(locals())))

    async def table_question_answering(self, table: dict[str, Any], query: str, *, model: str | None = None,
                                 padding: str | None = None, sequential: bool | None = None,
                                 truncation: bool | None = None) -> TableQuestionAnsweringOutputElement:
        return await self._run(text_tasks.table_question_answering(self._ctx, **call_args(locals())))

    async def summarization(self, text: str, *, model: str | None = None, clean_up_tokenization_spaces: bool | None = None,
                      generate_parameters: dict[str, Any] | None = None,
                      truncation: str | None = None) -> SummarizationOutput:
        return await self._run(text_tasks.summarization(self._ctx, **call_args(locals())))

    async def translation(self, text: str, *, model: str | None = None, src_lang: str | None = None,
                    tgt_lang: str | None = None, clean_up_tokenization_spaces: bool | None = None,
                    truncation: str | None = None,
                    generate_parameters: dict[str, Any] | None = None) -> TranslationOutput:
        return await self._run(text_tasks.translation(self._ctx, **call_args(locals())))

    async def zero_shot_classification(self, text: str, candidate_labels: list[str], *, multi_label: bool | None = False,
                                 hypothesis_template: str | None = None,
                                 model: str | None = None) -> list[ZeroShotClassificationOutputElement]:
        return await self._run(text_tasks.zero_shot_classification(self._ctx, **call_args(locals())))

    async def tabular_classification(self, table: dict[str, Any], *, model: str | None = None) -> list[str]:
        return await self._run(tabular.tabular_classification(self._ctx, **call_args(locals())))

    async def tabular_regression(self, table: dict[str, Any], *, model: str | None = None) -> list[float]:
        return await self._run(tabular.tabular_regression(self._ctx, **call_args(locals())))
