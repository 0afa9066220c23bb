"""A seeded generator of newsroom-like re-anchoring cases with known answers (issue 10).

News text repeats itself: a "Key points" box repeats body sentences, a recap repeats a
sentence verbatim or with one word changed, an original list is followed by a revised one,
stock phrases ("the council said") and near-identical names (Alvarez / Alvarado) are
everywhere, and so are numbers. Each case builds such an article, stores a reader's
passage the way the server does (quote, offsets, ``context()``), applies one kind of edit
and records where the passage is afterwards, or ``None`` when it is gone.

The article is kept as blocks of sentences of tokens, and the passage as a token range of
one sentence, so every edit knows exactly where the passage ends up: the answers are
computed, never guessed by another matcher.

Two template sets share the machinery: ``MAIN`` (tuned on) and ``HELD_OUT`` (other names,
sentences and layout; only measured, never tuned on).

Also used by ``bench/anchoring_precision.py``; pure Python apart from ``context()``.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field

from corrections.anchoring import context

KINDS = (
    "no_edit",
    "typo_fixed",
    "word_replaced",
    "inserted_before",
    "deleted_before",
    "paragraph_moved",
    "surroundings_rewritten",
    "many_small_edits",
    "sentence_deleted_twin_survives",
    "paragraph_deleted",
    "heavily_rewritten",
    # Harder mixtures beyond the list.
    "moved_and_edited",
    "sentence_deleted_twin_moved",
    "edited_among_many_edits",
)


@dataclass(frozen=True)
class Case:
    kind: str
    old: str
    new: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    expected: tuple[int, int] | None  # where the passage is in ``new``; None: gone
    note: str = ""

    def arguments(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }


@dataclass(frozen=True)
class Templates:
    names: tuple[tuple[str, str], ...]  # pairs of near-identical surnames
    first_names: tuple[str, ...]
    things: tuple[str, ...]
    places: tuple[str, ...]
    stock: tuple[str, ...]
    sentences: tuple[str, ...]
    recap_openers: tuple[str, ...]
    key_points: str
    original_list: str
    revised_list: str
    swaps: dict[str, str] = field(default_factory=dict)  # one-word corrections


MAIN = Templates(
    names=(
        ("Alvarez", "Alvarado"),
        ("Ramsey", "Ramsay"),
        ("Okafor", "Okoro"),
        ("Chen", "Cheng"),
        ("Lindqvist", "Lindgren"),
    ),
    first_names=("Maria", "Jane", "Tom", "Priya", "Omar", "Grace"),
    things=(
        "harbour wall",
        "library extension",
        "bus lane",
        "flood barrier",
        "school roof",
        "ferry terminal",
    ),
    places=("the quay", "Fennel Hill", "the old market", "Ropewalk Lane", "the bypass"),
    stock=("the council said", "a spokesperson said", "officials said", "police said"),
    sentences=(
        "{Name} said the {thing} would cost £{n}.{d}m and take {k} months.",
        "The council said the {thing} was behind schedule.",
        "Councillors voted by a margin of {a} to {b} to approve the {thing}.",
        "The {thing} will open in {month}, {stock}.",
        "{First} {Name}, who chairs the planning committee, said residents had waited {k} years.",
        "Police said {n} people were treated near {place} on {day}.",
        "Work on the {thing} began in {month} {year}, {stock}.",
        "{Name} told the meeting that {place} was the right place for the {thing}.",
        "The {thing} is expected to cost £{n}m, {stock}.",
        "{Name} said the plan was behind schedule and over budget.",
        "About {n}00 residents signed a petition against the {thing}.",
        "The vote was {a} to {b}, with {c} abstentions.",
        "{Name} said the {thing} at {place} had been closed since {year}.",
        "{First} {Name} said the council would publish the figures on {day}.",
    ),
    recap_openers=("In summary:", "Recap:", "What we know:"),
    key_points="Key points",
    original_list="Original plan",
    revised_list="Revised plan",
    swaps={
        "schedule": "budget",
        "approve": "reject",
        "right": "wrong",
        "open": "close",
        "cost": "save",
        "treated": "injured",
        "closed": "open",
        "publish": "release",
        "against": "supporting",
    },
)

HELD_OUT = Templates(
    names=(
        ("Petersen", "Pedersen"),
        ("Novak", "Nowak"),
        ("McLeod", "MacLeod"),
        ("Fischer", "Fisher"),
        ("Haddad", "Hadad"),
    ),
    first_names=("Anna", "Luis", "Sunita", "Marek", "Ines", "Kofi"),
    things=(
        "tram extension",
        "hospital wing",
        "sea defences",
        "cycle bridge",
        "water works",
        "market hall",
    ),
    places=("Mill Street", "the marina", "North Park", "the station", "Kiln Row"),
    stock=("the trust said", "the mayor said", "a statement said", "ministers said"),
    sentences=(
        "The trust said the {thing} would need another £{n}.{d}m before {month}.",
        "{Name} warned that the {thing} could close for {k} weeks.",
        "Inspectors found {n} faults at {place} in {year}.",
        "{First} {Name} said the {thing} was over budget by £{n}m.",
        "The motion passed {a} votes to {b} after a {k}-hour debate.",
        "Residents at {place} said they had not been consulted, {stock}.",
        "{Name}, a former engineer, said the {thing} was safe to use.",
        "The {thing} carried {n},{d}00 passengers in {month}, {stock}.",
        "{Name} said the repairs at {place} were finished on {day}.",
        "A report in {year} said the {thing} was unsafe.",
        "The {thing} will reopen on {day} {k} {month}, {stock}.",
        "{First} {Name} said the figures were wrong by {c} per cent.",
    ),
    recap_openers=("Background:", "The story so far:", "At a glance:"),
    key_points="At a glance",
    original_list="Before the change",
    revised_list="After the change",
    swaps={
        "close": "open",
        "safe": "unsafe",
        "finished": "started",
        "wrong": "right",
        "faults": "cracks",
        "over": "under",
        "passed": "failed",
        "consulted": "told",
        "need": "save",
    },
)

MONTHS = ("January", "March", "April", "June", "September", "November")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
FILLER = (
    "The meeting ran late.",
    "Residents were invited to comment.",
    "A decision is expected next month.",
    "The plans are on the council website.",
    "Nobody was available for comment.",
    "Further details will follow.",
)

# A sentence is a list of tokens (words with their punctuation); a block is a list of
# sentences; blocks are joined by "\n" as in the canonical text.
Sentence = list[str]
Block = list[Sentence]


@dataclass
class Target:
    block: int
    sentence: int
    first: int  # token range of the passage in its sentence
    last: int  # exclusive


def render(blocks: list[Block], target: Target | None) -> tuple[str, tuple[int, int] | None]:
    """The canonical text and the character span of ``target`` in it."""
    parts: list[str] = []
    pos = 0
    span = None
    for bi, block in enumerate(blocks):
        if bi:
            parts.append("\n")
            pos += 1
        for si, sentence in enumerate(block):
            if si:
                parts.append(" ")
                pos += 1
            if target is not None and (bi, si) == (target.block, target.sentence):
                before = " ".join(sentence[: target.first])
                start = pos + len(before) + (1 if target.first else 0)
                end = start + len(" ".join(sentence[target.first : target.last]))
                span = (start, end)
            text = " ".join(sentence)
            parts.append(text)
            pos += len(text)
    return "".join(parts), span


class Generator:
    def __init__(self, templates: Templates, seed: int) -> None:
        self.t = templates
        self.rng = random.Random(seed)  # reproducible test data

    # ------------------------------------------------------------------ text

    def name(self) -> str:
        return self.rng.choice(self.rng.choice(self.t.names))

    def sentence(self, name: str | None = None) -> Sentence:
        rng = self.rng
        template = rng.choice(self.t.sentences)
        text = template.format(
            Name=name or self.name(),
            First=rng.choice(self.t.first_names),
            thing=rng.choice(self.t.things),
            place=rng.choice(self.t.places),
            stock=rng.choice(self.t.stock),
            month=rng.choice(MONTHS),
            day=rng.choice(DAYS),
            year=rng.randint(1998, 2025),
            n=rng.randint(2, 40),
            d=rng.randint(1, 9),
            k=rng.randint(2, 18),
            a=rng.randint(2, 9),
            b=rng.randint(1, 6),
            c=rng.randint(1, 4),
        )
        return text.split(" ")

    def paragraph(self) -> Block:
        return [self.sentence() for _ in range(self.rng.randint(2, 4))]

    def one_word_changed(self, sentence: Sentence, lo: int = 0, hi: int | None = None) -> int:
        """Change one token of ``sentence[lo:hi]`` in place; return its index."""
        hi = len(sentence) if hi is None else hi
        # Editors correct facts (names, numbers, dates, key words), rarely "the" or "on".
        content = [i for i in range(lo, hi) if len(sentence[i].rstrip(".,:;”")) > 3]
        index = self.rng.choice(content) if content else self.rng.randrange(lo, hi)
        sentence[index] = self.changed_word(sentence[index])
        return index

    def changed_word(self, token: str) -> str:
        rng = self.rng
        core = token.rstrip(".,:;”")
        tail = token[len(core) :]
        for pair in self.t.names:
            for i, name in enumerate(pair):
                if core == name or core == name + "’s":
                    return core.replace(name, pair[1 - i]) + tail
        digits = [i for i, ch in enumerate(core) if ch.isdigit()]
        if digits:
            i = rng.choice(digits)
            new_digit = rng.choice([d for d in "123456789" if d != core[i]])
            return core[:i] + new_digit + core[i + 1 :] + tail
        for group in (MONTHS, DAYS):
            if core in group:
                return rng.choice([w for w in group if w != core]) + tail
        if core in self.t.swaps:
            return self.t.swaps[core] + tail
        if core.lower() in self.t.swaps:
            return self.t.swaps[core.lower()].capitalize() + tail
        choices = [w for w in ("new", "local", "main", "latest", "former") if w != core]
        return rng.choice(choices) + tail

    def typo(self, token: str) -> str | None:
        """A reader-visible misspelling of ``token``; mostly transpositions ("palce")."""
        core = token.rstrip(".,:;”")
        tail = token[len(core) :]
        letters = [
            i for i in range(1, len(core) - 1) if core[i].isalpha() and core[i + 1].isalpha()
        ]
        if not letters:
            return None
        i = self.rng.choice(letters)
        roll = self.rng.random()
        if roll < 0.6 and core[i] != core[i + 1]:
            bad = core[:i] + core[i + 1] + core[i] + core[i + 2 :]
        elif roll < 0.8:
            bad = core[:i] + core[i + 1 :]
        else:
            bad = core[:i] + core[i] + core[i:]
        return bad + tail if bad != core else None

    # ------------------------------------------------------------------ articles

    def article(self) -> tuple[list[Block], list[str]]:
        """Blocks and a parallel list of roles: body, heading, key, list, recap, filler."""
        rng = self.rng
        body = [self.paragraph() for _ in range(rng.randint(5, 8))]
        sentences = [(bi, si) for bi, block in enumerate(body) for si in range(len(block))]
        blocks: list[Block] = []
        roles: list[str] = []

        def add(block: Block, role: str) -> None:
            blocks.append(block)
            roles.append(role)

        for block in body[:2]:
            add(block, "body")
        # Key points: copies of body sentences, often two consecutive ones (similar context).
        add([[*self.t.key_points.split(" ")]], "heading")
        picks = rng.sample(sentences, k=min(len(sentences), rng.randint(2, 4)))
        if rng.random() < 0.5:
            bi, si = rng.choice(sentences)
            picks += [(bi, s) for s in range(si, min(si + 2, len(body[bi])))]
        for bi, si in dict.fromkeys(picks):  # each sentence once: twins, not neighbours
            add([list(body[bi][si])], "key")
        for block in body[2:]:
            add(block, "body")
        if rng.random() < 0.6:
            items = [self.sentence() for _ in range(rng.randint(3, 4))]
            add([self.t.original_list.split(" ")], "heading")
            for item in items:
                add([list(item)], "list")
            add([self.t.revised_list.split(" ")], "heading")
            for item in items:
                revised = list(item)
                if rng.random() < 0.5:
                    self.one_word_changed(revised)
                add([revised], "list")
        # A recap repeating body sentences verbatim or with one word changed.
        recap: Block = [rng.choice(self.t.recap_openers).split(" ")]
        bi, si = rng.choice(sentences)
        for s in range(si, min(si + rng.randint(1, 2), len(body[bi]))):
            copy = list(body[bi][s])
            if rng.random() < 0.4:
                self.one_word_changed(copy)
            recap.append(copy)
        add(recap, "recap")
        add([rng.choice(FILLER).split(" ")], "filler")
        return blocks, roles

    def pick_target(self, blocks: list[Block], roles: list[str], *, twin: bool) -> Target:
        rng = self.rng
        spots = [
            (bi, si)
            for bi, block in enumerate(blocks)
            for si in range(len(block))
            if roles[bi] in ("body", "key", "list", "recap") and len(block[si]) >= 3
        ]
        if twin:
            texts: dict[str, int] = {}
            for bi, si in spots:
                key = " ".join(blocks[bi][si])
                texts[key] = texts.get(key, 0) + 1
            twins = [(bi, si) for bi, si in spots if texts[" ".join(blocks[bi][si])] > 1]
            if twins:
                spots = twins
        weights = [4 if roles[bi] == "body" else 1 for bi, _ in spots]
        bi, si = rng.choices(spots, weights=weights)[0]
        n = len(blocks[bi][si])
        mode = rng.random()
        if mode < 0.25:
            first, last = 0, n  # the whole sentence
        elif mode < 0.6:
            size = rng.randint(3, min(8, n))
            first = rng.randint(0, n - size)
            last = first + size
        else:
            size = rng.randint(1, min(2, n))
            first = rng.randint(0, n - size)
            last = first + size
        return Target(bi, si, first, last)

    # ------------------------------------------------------------------ cases

    def case(self, kind: str) -> Case:
        rng = self.rng
        blocks, roles = self.article()
        twin = kind in (
            "sentence_deleted_twin_survives",
            "sentence_deleted_twin_moved",
            "word_replaced",
            "typo_fixed",
        )
        twin = twin or rng.random() < 0.5
        target = self.pick_target(blocks, roles, twin=twin)
        if kind.startswith("sentence_deleted_twin"):
            key = " ".join(blocks[target.block][target.sentence])
            copies = sum(" ".join(s) == key for b in blocks for s in b)
            if copies < 2:  # give it a twin in the key points
                at = roles.index("heading") + 1
                blocks.insert(at, [list(blocks[target.block][target.sentence])])
                roles.insert(at, "key")
                target.block += target.block >= at
        if kind in ("paragraph_moved", "moved_and_edited") and rng.random() < 0.5:
            # The next paragraph starts with the same name as the passage's sentence, so the
            # stored prefix precedes a look-alike once the paragraph has gone.
            following = target.block + 1
            if following < len(blocks) and target.sentence == 0:
                first = blocks[target.block][0][0]
                blocks[following][0][0] = first
        note = ""
        fix_twins = False
        if kind == "typo_fixed":
            tokens = blocks[target.block][target.sentence]
            order = list(range(target.first, target.last))
            rng.shuffle(order)
            for index in order:
                bad = self.typo(tokens[index])
                if bad is not None:
                    good = tokens[index]
                    key = " ".join(tokens)
                    fix_twins = rng.random() < 0.5
                    twins = [s for b in blocks for s in b if " ".join(s) == key]
                    for sentence in twins if rng.random() < 0.5 else [tokens]:
                        sentence[index] = bad
                    note = f"{good}->{bad}"
                    break
            else:
                note = "no typo possible"
        old, span = render(blocks, target)
        assert span is not None
        start, end = span
        quote = old[start:end]
        prefix, suffix = context(old, start, end)
        new_blocks = [[list(s) for s in b] for b in blocks]
        new_target: Target | None = Target(target.block, target.sentence, target.first, target.last)
        edit = getattr(self, f"edit_{kind}")
        if kind == "typo_fixed":
            new_target, more = edit(new_blocks, roles, new_target, note, fix_twins)
        else:
            new_target, more = edit(new_blocks, roles, new_target)
        note = f"{note} {more}".strip()
        new, expected = render(new_blocks, new_target)
        if expected is not None and expected[0] == expected[1]:
            expected = None
        return Case(kind, old, new, start, end, quote, prefix, suffix, expected, note)

    def decidable_case(self, kind: str) -> Case:
        """A case whose answer the texts determine: deleting one of two identical adjacent
        sentences (or blocks) leaves the same text whichever was deleted, so such cases are
        drawn again rather than scored against an arbitrary choice."""
        while True:
            case = self.case(kind)
            if not self.ambiguous(case):
                return case

    @staticmethod
    def ambiguous(case: Case) -> bool:
        if case.expected is not None:
            # A block moved or inserted next to an identical block: either could be it.
            start, end = case.expected
            lo = case.new.rfind("\n", 0, start) + 1
            hi = case.new.find("\n", end)
            hi = len(case.new) if hi == -1 else hi
            block = case.new[lo:hi]
            before = case.new[: max(0, lo - 1)].rsplit("\n", 1)[-1]
            after = case.new[hi + 1 :].split("\n", 1)[0]
            return case.kind != "no_edit" and block in (before, after)
        if case.kind == "paragraph_deleted":
            return False
        # The passage's own sentence, and any other copy right next to it.
        lo = case.old.rfind("\n", 0, case.start) + 1
        hi = case.old.find("\n", case.end)
        hi = len(case.old) if hi == -1 else hi
        block = case.old[lo:hi]
        for doubled in (block + "\n" + block, block + " " + block):
            if doubled in case.old:
                return True
        sentences = block.split(" ")  # tokens; then whole sentences
        sentences = " ".join(sentences).replace(". ", ".\x00").split("\x00")
        return any(a == b for a, b in itertools.pairwise(sentences))

    def cases(self, per_kind: int) -> list[Case]:
        return [self.decidable_case(kind) for _ in range(per_kind) for kind in KINDS]

    # ------------------------------------------------------------------ edits
    # Each takes the new blocks (a copy to modify), the roles and the passage's target, and
    # returns the target afterwards (None when the passage is gone) and a note.

    def edit_no_edit(self, blocks, roles, target):
        return target, ""

    def edit_typo_fixed(self, blocks, roles, target, note, fix_twins):
        if "->" not in note:
            return target, ""
        good, bad = note.split("->")
        for block in blocks:
            for sentence in block:
                if sentence is blocks[target.block][target.sentence] or fix_twins:
                    for i, token in enumerate(sentence):
                        if token == bad:
                            sentence[i] = good
        return target, "fixed twins too" if fix_twins else ""

    def edit_word_replaced(self, blocks, roles, target):
        sentence = blocks[target.block][target.sentence]
        index = self.one_word_changed(sentence, target.first, target.last)
        return target, f"word {index}"

    def new_sentence_before(self, blocks, target) -> str:
        rng = self.rng
        if rng.random() < 0.15 and target.block > 0:
            # A new key point repeating the passage's sentence, with text in between (a copy
            # right next to it would make "which one is the original" undecidable).
            at = rng.randrange(target.block)
            blocks.insert(at, [list(blocks[target.block][target.sentence])])
            target.block += 1
            return "copy"
        if rng.random() < 0.5:
            sentence = self.sentence()
            note = "sentence"
            blocks[target.block].insert(rng.randint(0, target.sentence), sentence)
            target.sentence += 1
            return note
        at = rng.randint(0, target.block)
        blocks.insert(at, self.paragraph())
        target.block += 1
        return "paragraph"

    def edit_inserted_before(self, blocks, roles, target):
        return target, self.new_sentence_before(blocks, target)

    def edit_deleted_before(self, blocks, roles, target):
        if target.sentence and self.rng.random() < 0.5:
            del blocks[target.block][self.rng.randrange(target.sentence)]
            target.sentence -= 1
            return target, "sentence"
        if target.block == 0:
            blocks[0].insert(0, self.sentence())  # nothing to delete: insert instead
            target.sentence += 1
            return target, "nothing before; inserted"
        del blocks[self.rng.randrange(target.block)]
        target.block -= 1
        return target, "paragraph"

    def edit_paragraph_moved(self, blocks, roles, target):
        rng = self.rng
        n = len(blocks)
        choices = [i for i in range(n) if abs(i - target.block) >= 2]
        if not choices:
            choices = [i for i in range(n) if i != target.block]
        to = rng.choice(choices)
        block = blocks.pop(target.block)
        blocks.insert(to, block)
        target.block = to
        note = f"to {to}"
        if rng.random() < 0.3:
            other = rng.choice([i for i in range(len(blocks)) if i != to])
            self.one_word_changed(rng.choice(blocks[other]))
            note += " + edit elsewhere"
        return target, note

    def edit_surroundings_rewritten(self, blocks, roles, target):
        block = blocks[target.block]
        if target.sentence > 0:
            block[target.sentence - 1] = self.sentence()
        if target.sentence + 1 < len(block):
            block[target.sentence + 1] = self.sentence()
        sentence = block[target.sentence]
        note = "neighbours"
        edges = {sentence[target.first], sentence[target.last - 1]}
        # (never the quote's own edge word, which would make "latest latest" ambiguous)
        if target.first > 0:
            word = self.changed_word(sentence[target.first - 1])
            sentence[target.first - 1] = word if word not in edges else "indeed"
            note += " + word before"
        if target.last < len(sentence):
            word = self.changed_word(sentence[target.last])
            sentence[target.last] = word if word not in edges else "indeed"
            note += " + word after"
        return target, note

    def edit_many_small_edits(self, blocks, roles, target):
        rng = self.rng
        edits = rng.randint(4, 10)
        for _ in range(edits):
            bi = rng.randrange(len(blocks))
            si = rng.randrange(len(blocks[bi]))
            sentence = blocks[bi][si]
            if (bi, si) == (target.block, target.sentence):
                outside = [i for i in range(len(sentence)) if not target.first <= i < target.last]
                if outside:
                    i = rng.choice(outside)
                    sentence[i] = self.changed_word(sentence[i])
                continue
            roll = rng.random()
            if roll < 0.7:
                self.one_word_changed(sentence)
            elif roll < 0.85 and len(blocks[bi]) > 1:
                del blocks[bi][si]
                if bi == target.block and si < target.sentence:
                    target.sentence -= 1
            else:
                blocks[bi].insert(si, self.sentence())
                if bi == target.block and si <= target.sentence:
                    target.sentence += 1
        return target, f"{edits} edits"

    def edit_sentence_deleted_twin_survives(self, blocks, roles, target):
        block = blocks[target.block]
        if len(block) > 1:
            del block[target.sentence]
        else:
            del blocks[target.block]
        return None, ""

    def edit_paragraph_deleted(self, blocks, roles, target):
        del blocks[target.block]
        return None, ""

    def edit_heavily_rewritten(self, blocks, roles, target):
        sentence = blocks[target.block][target.sentence]
        size = target.last - target.first
        fresh = self.sentence()
        replacement = fresh[: max(1, size)]
        if size >= 3:  # keep one old word, as an editor rewriting a clause might
            keep = self.rng.randrange(size)
            replacement[min(keep, len(replacement) - 1)] = sentence[target.first + keep]
        sentence[target.first : target.last] = replacement
        target.last = target.first + len(replacement)
        return target, f"{size} words -> {len(replacement)}"

    def edit_moved_and_edited(self, blocks, roles, target):
        target, note = self.edit_paragraph_moved(blocks, roles, target)
        more = self.edit_word_replaced(blocks, roles, target)[1]
        return target, f"{note}, {more}"

    def edit_sentence_deleted_twin_moved(self, blocks, roles, target):
        key = " ".join(blocks[target.block][target.sentence])
        twins = [
            bi
            for bi, block in enumerate(blocks)
            if bi != target.block and any(" ".join(s) == key for s in block)
        ]
        emptied = len(blocks[target.block]) == 1
        self.edit_sentence_deleted_twin_survives(blocks, roles, target)
        if twins:  # the paragraph (or key point) holding the twin moves too
            bi = self.rng.choice(twins)
            bi -= emptied and bi > target.block
            block = blocks.pop(bi)
            # Not next to where the passage was: "split into its own paragraph, and the key
            # point deleted" would explain that text just as well.
            places = [
                i for i in range(len(blocks) + 1) if not target.block - 1 <= i <= target.block + 1
            ]
            blocks.insert(self.rng.choice(places), block)
        return None, "twin moved"

    def edit_edited_among_many_edits(self, blocks, roles, target):
        target, note = self.edit_many_small_edits(blocks, roles, target)
        more = self.edit_word_replaced(blocks, roles, target)[1]
        return target, f"{note}, {more}"


def generate(templates: Templates = MAIN, *, seed: int = 10, per_kind: int = 50) -> list[Case]:
    return Generator(templates, seed).cases(per_kind)


# ---------------------------------------------------------------------- scoring


def outcome(case: Case, start: int | None, end: int | None) -> str:
    """right / wrong / orphaned (gone and orphaned is right; still there is a miss)."""
    if start is None or end is None:
        return "right" if case.expected is None else "orphaned"
    if case.expected is None:
        return "wrong"
    es, ee = case.expected
    overlap = min(end, ee) - max(start, es)
    union = max(end, ee) - min(start, es)
    return "right" if overlap > 0 and overlap / union >= 0.6 else "wrong"
