"""The chat version of a module: its StreamField lesson as a list of WhatsApp messages.

Generated from the same blocks the web page renders (no second copy of the content). Each
message is one "part" of the lesson; the chat sends one part per participant message, so
the parts arrive in order even though the sender queue does not promise an order.
"""

import html
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from courses.blocks import WHATSAPP_TEXT_LIMIT

# WhatsApp Cloud API limits: a text body, and the caption of a document message.
TEXT_LIMIT = WHATSAPP_TEXT_LIMIT
CAPTION_LIMIT = 1024

# A sentence ends at a full stop, ! or ?, or the Devanagari danda / double danda.
_SENTENCE_END = re.compile(r"(?<=[.!?।॥])\s+")


@dataclass(frozen=True)
class ChatPart:
    """One message: text, or a document (sent as a document message with a caption)."""

    body: str
    document_url: str = ""
    filename: str = ""
    knowledge_check: bool = False  # this part starts the module's knowledge check


def _cut_point(text: str, limit: int) -> int:
    """An index ≤ limit to cut an unbreakable run at, never before a combining mark (a
    Devanagari vowel sign or virama belongs to the letter before it)."""
    cut = limit
    while cut > 1 and unicodedata.category(text[cut])[0] == "M":
        cut -= 1
    return cut


def _split_long(piece: str, limit: int) -> list[str]:
    """A piece with no sentence boundary: at spaces, else (one huge word) by characters."""
    out, current = [], ""
    for word in piece.split(" "):
        while len(word) > limit:
            cut = _cut_point(word, limit)
            out.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= limit:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    return [chunk for chunk in out if chunk.strip()]


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """`text` as messages of at most `limit` characters, cut at paragraph boundaries,
    else sentence boundaries, else spaces: as few messages as fit."""
    text = text.strip()
    if len(text) <= limit:
        return [text] if text else []
    # (piece, what joins it to the one before): paragraphs keep their blank line.
    pieces: list[tuple[str, str]] = []
    for paragraph in re.split(r"\n\s*\n", text):
        parts = [paragraph] if len(paragraph) <= limit else [
            chunk for sentence in _SENTENCE_END.split(paragraph)
            for chunk in ([sentence] if len(sentence) <= limit
                          else _split_long(sentence, limit))]
        pieces += [(part.strip(), "\n\n" if n == 0 else " ") for n, part in enumerate(parts)]
    messages, current = [], ""
    for piece, separator in pieces:
        if not piece:
            continue
        candidate = f"{current}{separator}{piece}" if current else piece
        if len(candidate) <= limit:
            current = candidate
        else:
            messages.append(current)
            current = piece
    if current:
        messages.append(current)
    return messages


def rich_text_to_chat(source: str) -> str:
    """Rich text as WhatsApp text: paragraphs as blank-line breaks, list items as lines,
    bold as *bold*, links as "text (url)"."""
    markup = expand_db_html(str(source))
    markup = re.sub(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>',
                    lambda m: f"{m.group(2)} ({m.group(1)})" if m.group(1) != m.group(2)
                    else m.group(1), markup, flags=re.S)
    markup = re.sub(r"</?(b|strong)>", "*", markup)
    markup = re.sub(r"</?(i|em)>", "_", markup)
    markup = re.sub(r"<li[^>]*>", "• ", markup)
    markup = re.sub(r"</li>|<br\s*/?>", "\n", markup)
    markup = re.sub(r"</(p|h[1-6]|ul|ol)>", "\n\n", markup)
    text = html.unescape(re.sub(r"<[^>]+>", "", markup))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.BASE_URL + url


def _document_part(document, title: str, description: str = "") -> ChatPart:
    caption = "\n".join(line for line in (title or document.title, description) if line)
    return ChatPart(body=caption[:CAPTION_LIMIT], document_url=_absolute(document.url),
                    filename=document.filename)


def block_parts(block) -> list[ChatPart]:
    """One StreamField block as chat parts: the trainer's chat text when the block has one
    (courses.blocks.chat_text_block, one message), else text made from the block."""
    kind, value = block.block_type, block.value
    chat_text = (value.get("chat_text") or "").strip() if hasattr(value, "get") else ""
    if chat_text:
        return [ChatPart(body=chunk) for chunk in split_text(chat_text)]
    texts: list[str] = []
    if kind == "heading":
        texts = [f"*{value['text']}*"]
    elif kind == "paragraph":
        texts = [rich_text_to_chat(value["text"].source)]
    elif kind == "callout":
        text = rich_text_to_chat(value["text"].source)
        texts = [f"*{value['title']}*\n{text}" if value["title"] else text]
    elif kind == "key_takeaway":
        texts = [_("Key takeaway: %(text)s") % {"text": rich_text_to_chat(value["text"].source)}]
    elif kind == "checklist":
        lines = [f"{number}. {item}" for number, item in enumerate(value["items"], start=1)]
        texts = ["\n".join(([f"*{value['title']}*"] if value["title"] else []) + lines)]
    elif kind == "video":
        url = getattr(value["video"], "url", "") or ""
        head = "\n".join(line for line in (value["title"] and f"*{value['title']}*",
                                           _("Video: %(url)s") % {"url": url}) if line)
        transcript = (value["transcript"] or "").strip()
        texts = [f"{head}\n\n{transcript}" if transcript else head]
    elif kind == "embed":
        texts = [getattr(value, "url", "") or ""]
    elif kind == "image":
        # No image messages (data-light phones): the caption or description carries it.
        texts = [value["caption"] or value["alt_text"] or ""]
    elif kind in ("document", "resource"):
        if value["document"] is None:
            return []
        return [_document_part(value["document"], value["title"], value.get("description", ""))]
    elif kind == "knowledge_check":
        intro = "\n".join(line for line in (value["title"] and f"*{value['title']}*",
                                            value["intro"]) if line)
        return [ChatPart(body=intro or _("Knowledge check"), knowledge_check=True)]
    return [ChatPart(body=chunk) for text in texts for chunk in split_text(text)]


def module_messages(module) -> list[ChatPart]:
    """The module's lesson as chat parts, in the order of its blocks."""
    return [part for block in module.body for part in block_parts(block)]
