"""`{% explain %}…{% endexplain %}`: the glossary on the spot (spil/directory/glossary.py).

    {% load glossary %}
    {% explain %}<h1>{% translate "Gezinsplan" %}</h1>{% endexplain %}

renders the heading with the word marked and, right after it, a `<details>` that explains
it. Wrap the whole element (heading, label, legend), not only its text: the explanation may
not sit inside it. `{% explain family=True %}` forces the family's plain-Dutch version
(otherwise chosen by the page: the portal, or a family account)."""

from typing import Any

from django import template
from django.template.base import FilterExpression, Parser, Token
from django.utils.safestring import SafeString

from spil.directory import glossary

register = template.Library()


class ExplainNode(template.Node):
    def __init__(self, nodelist: template.NodeList, family: FilterExpression | None) -> None:
        self.nodelist = nodelist
        self.family = family

    def render(self, context: template.Context) -> SafeString:
        markup = self.nodelist.render(context)
        family = bool(self.family.resolve(context)) if self.family is not None else None
        return glossary.explain(markup, request=context.get("request"), family=family)


@register.tag("explain")
def do_explain(parser: Parser, token: Token) -> ExplainNode:
    bits = token.split_contents()
    family = None
    for bit in bits[1:]:
        name, sep, value = bit.partition("=")
        if name != "family" or not sep:
            raise template.TemplateSyntaxError("{% explain %} takes only family=…")
        family = parser.compile_filter(value)
    nodelist = parser.parse(("endexplain",))
    parser.delete_first_token()
    return ExplainNode(nodelist, family)


@register.simple_tag(takes_context=True)
def explain_terms(context: Any, text: Any) -> SafeString:
    """The text (escaped unless already safe) with its terms marked and explained after it;
    for a heading, prefer the block tag around the whole element."""
    from django.utils.html import conditional_escape

    return glossary.explain(conditional_escape(text), request=context.get("request"))
