"""One emitter per kind of schema node: each writes the statements that draw a value of the
node and returns the expression that holds it. They mirror ``valid._Compiler`` draw for draw."""

from __future__ import annotations

from ...schema.ir import (
    AnyNode,
    ArrayNode,
    BooleanNode,
    EnumNode,
    Node,
    NullNode,
    NumberNode,
    ObjectNode,
    StringNode,
    UnionNode,
)
from ..regex import regex_generator
from ..valid import (
    Limits,
    Plan,
    integer_bounds,
    item_count,
    real_bounds,
    text_length,
    undeclared_count,
    undeclared_members,
)
from ..vocabulary import EDGE_FLOATS, EDGE_INTEGERS, RESERVED_KEYS, STRESS_KEYS, STRESS_STRINGS
from . import primitives as p
from .formats import format_value
from .writer import ARGUMENTS, Body, Module


class Emitter:
    def __init__(self, plan: Plan, module: Module) -> None:
        self.plan = plan
        self.module = module

    def value(self, node: Node, body: Body) -> str:
        override = self.plan.overrides.get(node.path)
        if override is not None:
            return f"{self.module.constant(override, 'override')}(src)"
        if isinstance(node, ObjectNode):
            return self.object(node, body)
        if isinstance(node, ArrayNode):
            return self.array(node, body)
        if isinstance(node, StringNode):
            return self.string(node, body)
        if isinstance(node, NumberNode):
            return self.number(node, body)
        if isinstance(node, EnumNode):
            return self.enum(node, body)
        if isinstance(node, UnionNode):
            return self.union(node, body)
        if isinstance(node, BooleanNode):
            return p.boolean()
        if isinstance(node, NullNode):
            return "None"
        if isinstance(node, AnyNode):
            return f"{free_form(self.module, self.plan.limits)}({ARGUMENTS})"
        raise TypeError(f"no emitter for {type(node).__name__}")

    def object(self, node: ObjectNode, body: Body) -> str:
        out = body.fresh("obj")
        additional = undeclared_members(node, self.plan)
        if node.properties or additional is None:
            body.line(f"{out} = {{}}")
        always = {
            name
            for name, child in node.properties.items()
            if name in node.required or self.plan.on_focus(child.path)
        }
        # Source.flags: one coin per optional member, all drawn before any member.
        present = {name: body.fresh("present") for name in node.properties if name not in always}
        for flag in present.values():
            body.line(f"{flag} = {p.boolean()}")
        for name, child in node.properties.items():
            if name in always:
                body.line(f"{out}[{name!r}] = {self.value(child, body)}")
            else:
                with body.block(f"if {present[name]}:"):
                    body.line(f"{out}[{name!r}] = {self.value(child, body)}")
        if additional is None:
            return out
        low, high = undeclared_count(node, self.plan)
        limits = self.plan.limits
        found = p.unique_many(
            body,
            low,
            high,
            lambda b, _: member_name(b, limits),
            lambda b, _: self.value(additional, b),
            key_first=True,
        )
        if not node.properties:
            body.line(f"{out} = {found}")
            return out
        declared = self.module.constant(frozenset(node.properties))
        member = body.fresh("member")
        with (
            body.block(f"for {member} in {found}.items():"),
            body.block(f"if {member}[0] not in {declared}:"),
        ):
            body.line(f"{out}[{member}[0]] = {member}[1]")
        return out

    def array(self, node: ArrayNode, body: Body) -> str:
        low, high = item_count(node, self.plan)
        out = body.fresh("array")
        if node.unique:
            found = p.unique_many(
                body,
                low,
                high,
                lambda b, item: f"_canonical({item})",
                lambda b, _: self.value(node.items, b),
                key_first=False,
            )
            body.line(f"{out} = list({found}.values())")
            return out
        body.line(f"{out} = []")
        with body.block(f"for _ in range({p.size(body, low, high)}):"):
            body.line(f"{out}.append({self.value(node.items, body)})")
        return out

    def string(self, node: StringNode, body: Body) -> str:
        if node.format is not None:
            return format_value(body, node.format)
        if node.pattern is not None:
            generate = regex_generator(node.pattern, node.min_length, node.max_length)
            return f"{self.module.constant(generate, 'pattern')}(src)"
        low, high = text_length(node, self.plan.limits)
        out = body.fresh("text")
        stress = p.choice(body, STRESS_STRINGS)
        with body.block(
            f"if not ({p.integer(body, 0, 4)} == 4 and {low} <= len({out} := {stress}) <= {high}):"
        ):
            body.line(f"{out} = {p.text(body, low, high)}")
        return out

    def number(self, node: NumberNode, body: Body) -> str:
        if node.integer:
            return p.integer(body, *integer_bounds(node))
        out = body.fresh("real")
        p.real(body, out, *real_bounds(node))
        return out

    def enum(self, node: EnumNode, body: Body) -> str:
        drawn = p.choice(body, node.values)
        if all(not isinstance(v, (list, dict)) for v in node.values):
            return drawn
        return f"_copy({drawn})"

    def union(self, node: UnionNode, body: Body) -> str:
        which, out = body.fresh("option"), body.fresh("union")
        body.line(f"{which} = int(r() * {len(node.options)})")
        for index, option in enumerate(node.options):
            keyword = "if" if index == 0 else "elif"
            with body.block(f"{keyword} {which} == {index}:"):
                body.line(f"{out} = {self.value(option, body)}")
        return out


def member_name(body: Body, limits: Limits) -> str:
    """valid.key_generator, written inline (an object draws many names)."""
    name = body.fresh("name")
    with body.block(f"if {p.integer(body, 0, 2)} == 2:"):
        body.line(f"{name} = {p.choice(body, STRESS_KEYS)}")
    with body.block("else:"):
        body.line(f"{name} = {p.text(body, 0, min(limits.max_text, 16))}")
        reserved = body.module.constant(RESERVED_KEYS)
        with body.block(f"if {name} in {reserved}:"):
            body.line(f'{name} += "_"')
    return name


def free_form(module: Module, limits: Limits) -> str:
    """valid.free_form_generator: one function per depth, the deepest returned."""
    for depth in range(limits.max_depth + 1):
        name = f"free_form_{depth}"
        if name in module.functions:
            continue
        body = Body(module)
        if depth == 0:
            _scalar(body, limits)
        else:
            _nested(body, limits, f"free_form_{depth - 1}")
        module.define(name, body)
    return f"free_form_{limits.max_depth}"


def _nested(body: Body, limits: Limits, inner: str) -> None:
    kind = body.fresh("kind")
    body.line(f"{kind} = {p.integer(body, 0, 6)}")
    with body.block(f"if {kind} == 5:"):
        count = body.fresh("count")
        body.line(f"{count} = {p.size(body, 0, limits.max_members)}")
        body.line(f"return [{inner}({ARGUMENTS}) for _ in range({count})]")
    with body.block(f"if {kind} == 6:"):
        found = p.unique_many(
            body,
            0,
            limits.max_members,
            lambda b, _: member_name(b, limits),
            lambda b, _: f"{inner}({ARGUMENTS})",
            key_first=True,
        )
        body.line(f"return {found}")
    # The scalar written out here too: most free-form values are scalars.
    _scalar(body, limits)


def _scalar(body: Body, limits: Limits) -> None:
    kind = body.fresh("kind")
    body.line(f"{kind} = {p.integer(body, 0, 4)}")
    with body.block(f"if {kind} == 0:"):
        body.line("return None")
    with body.block(f"if {kind} == 1:"):
        body.line(f"return {p.boolean()}")
    with body.block(f"if {kind} == 2:"):
        edge, drawn = p.choice(body, EDGE_INTEGERS), p.integer(body, -1000, 1000)
        body.line(f"return {edge} if {p.boolean()} else {drawn}")
    with body.block(f"if {kind} == 3:"):
        with body.block(f"if {p.boolean()}:"):
            body.line(f"return {p.choice(body, EDGE_FLOATS)}")
        real = body.fresh("real")
        p.real(body, real, -1e6, 1e6)
        body.line(f"return {real}")
    with body.block(f"if {p.integer(body, 0, 3)} == 3:"):
        body.line(f"return {p.choice(body, STRESS_STRINGS)}")
    body.line(f"return {p.text(body, 0, limits.max_text)}")
