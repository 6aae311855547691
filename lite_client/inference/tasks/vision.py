"""Image tasks (classification, segmentation, detection, captioning, generation, VQA, DocQA) and
video generation. Binary inputs go through :func:`~lite_client.inference._inputs.read_binary`."""

from __future__ import annotations

import base64
from typing import Any

from ... import errors
from ..._flow import Flow
from .._context import ClientContext
from .._inputs import check_binary, read_binary
from ..outputs._base import parse_list, parse_one
from ..outputs.binary import BinaryOutput
from ..outputs.tasks import (
    DocumentQuestionAnsweringOutputElement,
    ImageClassificationOutputElement,
    ImageSegmentationOutputElement,
    ImageToTextOutput,
    ObjectDetectionOutputElement,
    VisualQuestionAnsweringOutputElement,
    ZeroShotImageClassificationOutputElement,
)
from ..providers import TaskInputs
from ._common import drop_none, run_task

__all__ = [
    "document_question_answering", "image_classification", "image_segmentation", "image_to_image",
    "image_to_text", "image_to_video", "object_detection", "text_to_image", "text_to_video",
    "visual_question_answering", "zero_shot_image_classification",
]


def _image_call(ctx: ClientContext, task: str, image: Any, parameters: dict[str, Any],
                **options: Any) -> Flow[TaskInputs]:
    check_binary(image, "image")
    data, mime = yield from read_binary(ctx, image, what="image")
    return TaskInputs(task, binary=data, mime=mime, parameters=parameters, **options)


def image_classification(ctx: ClientContext, image: Any, *, model: str | None = None,
                         function_to_apply: str | None = None,
                         top_k: int | None = None) -> Flow[list[ImageClassificationOutputElement]]:
    call = yield from _image_call(ctx, "image-classification", image,
                                  drop_none(function_to_apply=function_to_apply, top_k=top_k))
    return parse_list(ImageClassificationOutputElement, (yield from run_task(ctx, call, model)))


def image_segmentation(ctx: ClientContext, image: Any, *, model: str | None = None,
                       mask_threshold: float | None = None, overlap_mask_area_threshold: float | None = None,
                       subtask: str | None = None,
                       threshold: float | None = None) -> Flow[list[ImageSegmentationOutputElement]]:
    params = drop_none(mask_threshold=mask_threshold, overlap_mask_area_threshold=overlap_mask_area_threshold,
                       subtask=subtask, threshold=threshold)
    call = yield from _image_call(ctx, "image-segmentation", image, params)
    return parse_list(ImageSegmentationOutputElement, (yield from run_task(ctx, call, model)))


def object_detection(ctx: ClientContext, image: Any, *, model: str | None = None,
                     threshold: float | None = None) -> Flow[list[ObjectDetectionOutputElement]]:
    call = yield from _image_call(ctx, "object-detection", image, drop_none(threshold=threshold))
    return parse_list(ObjectDetectionOutputElement, (yield from run_task(ctx, call, model)))


def image_to_text(ctx: ClientContext, image: Any, *, model: str | None = None) -> Flow[ImageToTextOutput]:
    call = yield from _image_call(ctx, "image-to-text", image, {})
    return parse_one(ImageToTextOutput, (yield from run_task(ctx, call, model)))


def image_to_image(ctx: ClientContext, image: Any, prompt: str | None = None, *,
                   negative_prompt: str | None = None, num_inference_steps: int | None = None,
                   guidance_scale: float | None = None, model: str | None = None,
                   target_size: dict[str, int] | None = None, **kwargs: Any) -> Flow[BinaryOutput]:
    params = drop_none(prompt=prompt, negative_prompt=negative_prompt, num_inference_steps=num_inference_steps,
                       guidance_scale=guidance_scale, target_size=target_size, **kwargs)
    call = yield from _image_call(ctx, "image-to-image", image, params, accept="image/png", binary_output=True)
    result: BinaryOutput = yield from run_task(ctx, call, model)
    return result


def zero_shot_image_classification(ctx: ClientContext, image: Any, candidate_labels: list[str], *,
                                   model: str | None = None, hypothesis_template: str | None = None,
                                   ) -> Flow[list[ZeroShotImageClassificationOutputElement]]:
    if not isinstance(candidate_labels, list) or len(candidate_labels) < 2:
        raise errors.InputError("candidate_labels must list at least 2 labels.")
    params = drop_none(candidate_labels=candidate_labels, hypothesis_template=hypothesis_template)
    call = yield from _image_call(ctx, "zero-shot-image-classification", image, params)
    return parse_list(ZeroShotImageClassificationOutputElement, (yield from run_task(ctx, call, model)))


def visual_question_answering(ctx: ClientContext, image: Any, question: str, *, model: str | None = None,
                              top_k: int | None = None) -> Flow[list[VisualQuestionAnsweringOutputElement]]:
    if not isinstance(question, str):
        raise errors.InputError("question must be a string.")
    call = yield from _image_call(ctx, "visual-question-answering", image, drop_none(top_k=top_k))
    call.extra = {"question": question, "image": call.binary_b64()}
    return parse_list(VisualQuestionAnsweringOutputElement, (yield from run_task(ctx, call, model)))


def document_question_answering(ctx: ClientContext, image: Any, question: str, *, model: str | None = None,
                                doc_stride: int | None = None, handle_impossible_answer: bool | None = None,
                                lang: str | None = None, max_answer_len: int | None = None,
                                max_question_len: int | None = None, max_seq_len: int | None = None,
                                top_k: int | None = None, word_boxes: list[Any] | None = None,
                                ) -> Flow[list[DocumentQuestionAnsweringOutputElement]]:
    if not isinstance(question, str):
        raise errors.InputError("question must be a string.")
    check_binary(image, "image")
    data, _ = yield from read_binary(ctx, image, what="image")
    params = drop_none(doc_stride=doc_stride, handle_impossible_answer=handle_impossible_answer, lang=lang,
                       max_answer_len=max_answer_len, max_question_len=max_question_len, max_seq_len=max_seq_len,
                       top_k=top_k, word_boxes=word_boxes)
    inputs = {"question": question, "image": base64.b64encode(data).decode("ascii")}
    result = yield from run_task(ctx, TaskInputs("document-question-answering", inputs, parameters=params), model)
    return parse_list(DocumentQuestionAnsweringOutputElement, result)


def text_to_image(ctx: ClientContext, prompt: str, *, negative_prompt: str | None = None, height: int | None = None,
                  width: int | None = None, num_inference_steps: int | None = None,
                  guidance_scale: float | None = None, model: str | None = None, scheduler: str | None = None,
                  seed: int | None = None, extra_body: dict[str, Any] | None = None) -> Flow[BinaryOutput]:
    if not isinstance(prompt, str):
        raise errors.InputError("prompt must be a string.")
    params = drop_none(negative_prompt=negative_prompt, height=height, width=width,
                       num_inference_steps=num_inference_steps, guidance_scale=guidance_scale,
                       scheduler=scheduler, seed=seed, **(extra_body or {}))
    call = TaskInputs("text-to-image", prompt, parameters=params, accept="image/png", binary_output=True)
    result: BinaryOutput = yield from run_task(ctx, call, model)
    return result


def text_to_video(ctx: ClientContext, prompt: str, *, model: str | None = None, guidance_scale: float | None = None,
                  negative_prompt: list[str] | None = None, num_frames: float | None = None,
                  num_inference_steps: int | None = None, seed: int | None = None,
                  extra_body: dict[str, Any] | None = None) -> Flow[BinaryOutput]:
    if not isinstance(prompt, str):
        raise errors.InputError("prompt must be a string.")
    params = drop_none(guidance_scale=guidance_scale, negative_prompt=negative_prompt, num_frames=num_frames,
                       num_inference_steps=num_inference_steps, seed=seed, **(extra_body or {}))
    call = TaskInputs("text-to-video", prompt, parameters=params, binary_output=True)
    result: BinaryOutput = yield from run_task(ctx, call, model)
    return result


def image_to_video(ctx: ClientContext, image: Any, *, model: str | None = None, prompt: str | None = None,
                   negative_prompt: str | None = None, num_frames: float | None = None,
                   num_inference_steps: int | None = None, guidance_scale: float | None = None,
                   seed: int | None = None, target_size: dict[str, int] | None = None,
                   **kwargs: Any) -> Flow[BinaryOutput]:
    params = drop_none(negative_prompt=negative_prompt, num_frames=num_frames,
                       num_inference_steps=num_inference_steps, guidance_scale=guidance_scale, seed=seed,
                       target_size=target_size, **kwargs)
    call = yield from _image_call(ctx, "image-to-video", image, params, binary_output=True)
    call.inputs = prompt
    result: BinaryOutput = yield from run_task(ctx, call, model)
    return result
