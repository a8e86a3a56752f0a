"""Chinese for argparse's own messages (usage, errors, help headings).

argparse looks its strings up through the module-level `_` and `ngettext`
(gettext); `install()` points them at the table below, so every message the
command line prints is Chinese. Strings not in the table pass through unchanged.
"""

from __future__ import annotations

import argparse

_MESSAGES = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多需要一个值",
    "expected at least one argument": "至少需要一个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出参数 %s 之一",
    "ignored explicit argument %r": "多余的值 %r",
    "unexpected option string: %s": "意外的选项：%s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "未知的命令 %(parser_name)r（可选：%(choices)s）",
    "cannot have multiple subparser arguments": "只能给出一个命令",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}
_PLURALS = {"expected %s argument": "需要 %s 个值"}


_TYPE_NAMES = {"无效的int值": "无效的整数值", "无效的float值": "无效的数值"}


def polish(message: str) -> str:
    """The type names argparse puts into a translated message (int, float) in Chinese."""
    for english, chinese in _TYPE_NAMES.items():
        message = message.replace(english, chinese)
    return message


def translate(message: str) -> str:
    return _MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    return _PLURALS.get(singular, singular if n == 1 else plural)


def install() -> None:
    """Make argparse speak Chinese (idempotent)."""
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]
