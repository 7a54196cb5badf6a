"""Filter state: the URL is the source of truth (shareable links); the session keeps the last
state so that it survives page changes (st.navigation drops query parameters)."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from dashboard.filters import URL_KEYS, Filters, Vocabulary
from dashboard.i18n import LANGS

LAST = "_last_query"
# Page state kept in the address next to the filters, checked by the page that reads it:
# the place of the place page, the map's frame, colour, layers and focused place.
VIEW_KEYS = ("place", "frame", "colour", "layers", "focus")
PAGE_OWN = ("place",)  # view keys of one page: not carried to another, not restored by a menu entry
WIDGET = {attr: f"w_{key}" for key, attr in URL_KEYS.items()}
SEARCH_WIDGET = "w_q"
LANG_WIDGET = "w_lang"


def address(filters: Filters, lang: str, view: dict[str, str] | None = None) -> dict[str, str]:
    """The query parameters of a state: filters, the language, view keys. The language always
    (French too): an address is then never empty, so Back to the first state is told apart from
    a menu entry (which drops the parameters, and gets the session's last state back)."""
    return {**filters.to_query_params(), "lang": lang, **(view or {})}


@dataclass(frozen=True)
class Context:
    filters: Filters
    lang: str
    vocab: Vocabulary
    ignored: tuple[str, ...] = ()
    view: tuple[tuple[str, str], ...] = ()  # (key, value) of VIEW_KEYS in the address

    def get(self, key: str, default: str = "") -> str:
        return dict(self.view).get(key, default)

    def params(self, **view: str | None) -> dict[str, str]:
        """The address of this state with some view keys changed (None removes one): for links."""
        out = address(self.filters, self.lang, dict(self.view))
        for key, value in view.items():
            if value:
                out[key] = value
            else:
                out.pop(key, None)
        return out

    @property
    def countries(self) -> tuple[str, ...]:
        """The partner countries in view: those the filter chose, else every one loaded."""
        return self.vocab.countries_in(self.filters)


def _write(params: dict[str, str]) -> None:
    st.session_state[LAST] = dict(params)
    st.query_params.from_dict(params)


def current(vocab: Vocabulary) -> Context:
    """Filters and language from the URL (restored from the session after a page change)."""
    params = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    params = {k: ",".join(v) for k, v in params.items() if v}
    if not params and st.session_state.get(LAST):  # a menu entry: the filters and the view, not a place
        params = {k: v for k, v in st.session_state[LAST].items() if k not in PAGE_OWN}
        st.query_params.from_dict(params)
    filters, ignored = Filters.from_query_params(params, vocab.as_mapping())
    lang = params.get("lang", "fr")
    if lang not in LANGS:
        ignored.append(f"lang={lang}")
        lang = "fr"
    view = tuple((k, params[k][:200]) for k in VIEW_KEYS if params.get(k))
    clean = address(filters, lang, dict(view))
    if clean != params:  # drop unknown values from the address too
        _write(clean)
    else:
        st.session_state[LAST] = dict(clean)
    return Context(filters, lang, vocab, tuple(ignored), view)


def leave_page_keys(ctx: Context, on_place_page: bool) -> Context:
    """The context without the place page's own keys when another page is shown (the address
    and the session's last state too: a menu entry or "reset" then never returns to that place)."""
    if on_place_page or not any(k in PAGE_OWN for k, _ in ctx.view):
        return ctx
    out = Context(
        ctx.filters, ctx.lang, ctx.vocab, ctx.ignored, tuple((k, v) for k, v in ctx.view if k not in PAGE_OWN)
    )
    _write(out.params())
    return out


def set_view(ctx: Context, **view: str | None) -> None:
    """Change view keys in the address (the filters stay)."""
    _write(ctx.params(**view))


def set_filters(filters: Filters, lang: str) -> None:
    view = {k: v for k, v in (st.session_state.get(LAST) or {}).items() if k in VIEW_KEYS}
    _write(address(filters, lang, view))


def sync_widgets(ctx: Context) -> None:
    """Put the URL's values into the widgets before they are drawn."""
    for attr, key in WIDGET.items():
        st.session_state[key] = list(getattr(ctx.filters, attr))
    st.session_state[SEARCH_WIDGET] = ctx.filters.search
    st.session_state[LANG_WIDGET] = ctx.lang


def from_widgets() -> None:
    """on_change callback of every sidebar widget: widgets → URL."""
    values = {attr: tuple(sorted(st.session_state.get(key) or ())) for attr, key in WIDGET.items()}
    filters = Filters(**values, search=(st.session_state.get(SEARCH_WIDGET) or "").strip())
    set_filters(filters, st.session_state.get(LANG_WIDGET) or "fr")


def reset() -> None:
    set_filters(Filters(), st.session_state.get(LANG_WIDGET) or "fr")
