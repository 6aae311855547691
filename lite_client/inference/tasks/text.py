"""Text tasks: feature extraction, similarity, fill-mask, classification, QA, summarization…"""

from __future__ import annotations

from typing import Any

from ... import errors
from ..._flow import Flow
from .._context import ClientContext
from ..outputs._base import parse_list, parse_one
from ..outputs.tasks import (
    FillMaskOutputElement,
    QuestionAnsweringOutputElement,
    SummarizationOutput,
    TableQuestionAnsweringOutputElement,
    TextClassificationOutputElement,
    TokenClassificationOutputElement,
    TranslationOutput,
    ZeroShotClassificationOutputElement,
)
from ..providers import TaskInputs
from ._common import drop_none, float_list, run_task

__all__ = [
    "feature_extraction", "fill_mask", "question_answering", "sentence_similarity", "summarization",
    "table_question_answering", "text_classification", "token_classification", "translation",
    "zero_shot_classification",
]


def _text(value: Any, what: str = "text") -> None:
    if not isinstance(value, str):
        raise errors.InputError(f"{what} must be a string, not {type(value).__name__}.")


def feature_extraction(ctx: ClientContext, text: str | list[str], *, model: str | None = None,
                       normalize: bool | None = None, prompt_name: str | None = None,
                       truncate: bool | None = None, truncation_direction: str | None = None,
                       dimensions: int | None = None, encoding_format: str | None = None) -> Flow[Any]:
    """Nested lists of floats (one vector per input, or per token for token-level models)."""
    if not (isinstance(text, str) or (isinstance(text, list) and all(isinstance(t, str) for t in text))):
        raise errors.InputError("text must be a string or a list of strings.")
    params = drop_none(normalize=normalize, prompt_name=prompt_name, truncate=truncate,
                       truncation_direction=truncation_direction, dimensions=dimensions,
                       encoding_format=encoding_format)
    data = yield from run_task(ctx, TaskInputs("feature-extraction", text, parameters=params,
                                               parameters_at_root=True), model)
    if not isinstance(data, list):
        raise errors.ProtocolError(f"feature_extraction: expected nested lists, got {type(data).__name__}.")
    return data


def sentence_similarity(ctx: ClientContext, sentence: str, other_sentences: list[str], *,
                        model: str | None = None) -> Flow[list[float]]:
    _text(sentence, "sentence")
    if not isinstance(other_sentences, list) or not other_sentences:
        raise errors.InputError("other_sentences must be a non-empty list of strings.")
    inputs = {"source_sentence": sentence, "sentences": other_sentences}
    data = yield from run_task(ctx, TaskInputs("sentence-similarity", inputs), model)
    return float_list(data, "sentence_similarity")


def fill_mask(ctx: ClientContext, text: str, *, model: str | None = None, targets: list[str] | None = None,
              top_k: int | None = None) -> Flow[list[FillMaskOutputElement]]:
    _text(text)
    data = yield from run_task(ctx, TaskInputs("fill-mask", text, parameters=drop_none(targets=targets, top_k=top_k)),
                               model)
    return parse_list(FillMaskOutputElement, data)


def text_classification(ctx: ClientContext, text: str, *, model: str | None = None, top_k: int | None = None,
                        function_to_apply: str | None = None) -> Flow[list[TextClassificationOutputElement]]:
    _text(text)
    params = drop_none(top_k=top_k, function_to_apply=function_to_apply)
    data = yield from run_task(ctx, TaskInputs("text-classification", text, parameters=params), model)
    if isinstance(data, list) and data and isinstance(data[0], list):
        data = data[0]  # the pipeline nests one list per input
    return parse_list(TextClassificationOutputElement, data)


def token_classification(ctx: ClientContext, text: str, *, model: str | None = None,
                         aggregation_strategy: str | None = None, ignore_labels: list[str] | None = None,
                         stride: int | None = None) -> Flow[list[TokenClassificationOutputElement]]:
    _text(text)
    params = drop_none(aggregation_strategy=aggregation_strategy, ignore_labels=ignore_labels, stride=stride)
    data = yield from run_task(ctx, TaskInputs("token-classification", text, parameters=params), model)
    return parse_list(TokenClassificationOutputElement, data)


def question_answering(ctx: ClientContext, question: str, context: str, *, model: str | None = None,
                       align_to_words: bool | None = None, doc_stride: int | None = None,
                       handle_impossible_answer: bool | None = None, max_answer_len: int | None = None,
                       max_question_len: int | None = None, max_seq_len: int | None = None,
                       top_k: int | None = None,
                       ) -> Flow[QuestionAnsweringOutputElement | list[QuestionAnsweringOutputElement]]:
    """One answer, or a list when the server returns several (``top_k > 1``)."""
    _text(question, "question")
    _text(context, "context")
    params = drop_none(align_to_words=align_to_words, doc_stride=doc_stride,
                       handle_impossible_answer=handle_impossible_answer, max_answer_len=max_answer_len,
                       max_question_len=max_question_len, max_seq_len=max_seq_len, top_k=top_k)
    data = yield from run_task(ctx, TaskInputs("question-answering", {"question": question, "context": context},
                                               parameters=params), model)
    if isinstance(data, list) and len(data) != 1:
        return parse_list(QuestionAnsweringOutputElement, data)
    return parse_one(QuestionAnsweringOutputElement, data)


def table_question_answering(ctx: ClientContext, table: dict[str, Any], query: str, *, model: str | None = None,
                             padding: str | None = None, sequential: bool | None = None,
                             truncation: bool | None = None) -> Flow[TableQuestionAnsweringOutputElement]:
    if not isinstance(table, dict):
        raise errors.InputError("table must be a dict of column name -> list of cells.")
    _text(query, "query")
    params = drop_none(padding=padding, sequential=sequential, truncation=truncation)
    data = yield from run_task(ctx, TaskInputs("table-question-answering", {"query": query, "table": table},
                                               parameters=params), model)
    return parse_one(TableQuestionAnsweringOutputElement, data)


def summarization(ctx: ClientContext, text: str, *, model: str | None = None,
                  clean_up_tokenization_spaces: bool | None = None,
                  generate_parameters: dict[str, Any] | None = None,
                  truncation: str | None = None) -> Flow[SummarizationOutput]:
    _text(text)
    params = drop_none(clean_up_tokenization_spaces=clean_up_tokenization_spaces,
                       generate_parameters=generate_parameters, truncation=truncation)
    data = yield from run_task(ctx, TaskInputs("summarization", text, parameters=params), model)
    return parse_one(SummarizationOutput, data)


def translation(ctx: ClientContext, text: str, *, model: str | None = None, src_lang: str | None = None,
                tgt_lang: str | None = None, clean_up_tokenization_spaces: bool | None = None,
                truncation: str | None = None,
                generate_parameters: dict[str, Any] | None = None) -> Flow[TranslationOutput]:
    _text(text)
    if (src_lang is None) != (tgt_lang is None):
        raise errors.InputError("Pass both src_lang and tgt_lang, or neither.")
    params = drop_none(src_lang=src_lang, tgt_lang=tgt_lang, clean_up_tokenization_spaces=clean_up_tokenization_spaces,
                       truncation=truncation, generate_parameters=generate_parameters)
    data = yield from run_task(ctx, TaskInputs("translation", text, parameters=params), model)
    return parse_one(TranslationOutput, data)


def zero_shot_classification(ctx: ClientContext, text: str, candidate_labels: list[str], *,
                             multi_label: bool | None = False, hypothesis_template: str | None = None,
                             model: str | None = None) -> Flow[list[ZeroShotClassificationOutputElement]]:
    _text(text)
    if not isinstance(candidate_labels, list) or not candidate_labels:
        raise errors.InputError("candidate_labels must be a non-empty list of strings.")
    params = drop_none(candidate_labels=candidate_labels, multi_label=multi_label,
                       hypothesis_template=hypothesis_template)
    data = yield from run_task(ctx, TaskInputs("zero-shot-classification", text, parameters=params), model)
    if isinstance(data, dict) and "labels" in data and "scores" in data:  # pipeline style (JS accepts it too)
        data = [{"label": lab, "score": s} for lab, s in zip(data["labels"], data["scores"], strict=False)]
    return parse_list(ZeroShotClassificationOutputElement, data)
