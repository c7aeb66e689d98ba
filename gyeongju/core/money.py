"""Korean money: whole 원 shown the Korean way (334억원) and read the way staff type it (290억)."""

from decimal import Decimal, InvalidOperation

JO = 10**12
EOK = 10**8
MAN = 10**4


def format_won(amount: int | None, *, unknown: str = "미공개") -> str:
    """Whole 원 the Korean way: 334억원, 2억1,500만원, 7,000만원, 1조 2,345억원, 0원.

    None means the figure is not known, which is not the same as 0원.
    """
    if amount is None:
        return unknown
    amount = int(amount)
    if amount < 0:
        return "-" + format_won(-amount)
    if amount == 0:
        return "0원"
    jo, rest = divmod(amount, JO)
    eok, rest = divmod(rest, EOK)
    man, won = divmod(rest, MAN)
    below_jo = "".join(
        f"{value:,}{unit}" for value, unit in ((eok, "억"), (man, "만"), (won, "")) if value
    )
    if jo and below_jo:
        return f"{jo:,}조 {below_jo}원"
    if jo:
        return f"{jo:,}조원"
    return f"{below_jo}원"


class WonParseError(ValueError):
    pass


_UNIT_VALUES = {"조": JO, "억": EOK, "만": MAN}


def parse_won(text: str | int | None) -> int | None:
    """Read an amount the way staff type it: 29000000000, 29,000,000,000, 290억, 2억1,500만원,
    1조 2,345억, 2.15억. Returns whole 원; raises WonParseError with a Korean message."""
    if text is None:
        return None
    if isinstance(text, int):
        return text
    raw = str(text)
    cleaned = raw.replace(",", "").replace(" ", "").replace("\u00a0", "").strip()
    if cleaned.endswith("원"):
        cleaned = cleaned[:-1]
    if cleaned == "":
        return None
    negative = cleaned.startswith("-")
    if negative:
        cleaned = cleaned[1:]
    total = Decimal(0)
    number = ""
    last_unit = None
    try:
        for char in cleaned:
            if char.isdigit() or char == ".":
                number += char
                continue
            if char not in _UNIT_VALUES:
                raise WonParseError(
                    f"금액 '{raw}'을(를) 읽을 수 없습니다. 예: 290억, 2억1,500만, 7000만원"
                )
            unit = _UNIT_VALUES[char]
            if not number or (last_unit is not None and unit >= last_unit):
                raise WonParseError(
                    f"금액 '{raw}'의 단위 순서가 올바르지 않습니다. 예: 1조 2,345억원"
                )
            total += Decimal(number) * unit
            number = ""
            last_unit = unit
        if number:
            total += Decimal(number)
    except InvalidOperation as error:
        raise WonParseError(f"금액 '{raw}'을(를) 읽을 수 없습니다.") from error
    if total != total.to_integral_value():
        raise WonParseError(f"금액 '{raw}'은(는) 원 단위 정수가 아닙니다.")
    value = int(total)
    if value > 9_000_000_000_000_000_000:
        raise WonParseError(f"금액 '{raw}'이(가) 너무 큽니다.")
    return -value if negative else value
