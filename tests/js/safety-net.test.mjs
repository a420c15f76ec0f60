// The safety net's ancestor search (content/safety-net.js), without a browser: which element is
// hidden for a link to a listed person, on tiny stand-ins for DOM elements (only what the search
// reads: tagName, attributes, parentElement, children, childNodes).
import assert from "node:assert/strict";
import { test } from "node:test";

await import("../../extension/content/safety-net.js");
const { findCard, isMention, wanted, MAX_LEVELS } = globalThis.NoContactSafetyNet;

/** A text node. @param {string} text */
const text = (text) => ({ nodeType: 3, nodeValue: text });

/**
 * An element stand-in: h("div", {role: "article"}, ...children). Children are elements or text.
 * @param {string} tag @param {Record<string, string>} attrs @param {...any} kids
 */
function h(tag, attrs = {}, ...kids) {
  const node = {
    nodeType: 1,
    tagName: tag.toUpperCase(),
    attrs,
    parentElement: null,
    childNodes: kids,
    children: kids.filter((kid) => kid.nodeType === 1),
    getAttribute: (name) => (name in attrs ? attrs[name] : null),
  };
  for (const kid of node.children) kid.parentElement = node;
  return node;
}

/** Nothing is too large, unless marked. */
const probe = { tooLarge: (el) => el.attrs.big === "yes" };

test("a post: the nearest article, with the wrappers whose only child it is (a virtual row)", () => {
  const link = h("a", { href: "/them" });
  const article = h("article", {}, h("div", {}, h("div", {}, link)), h("div", {}, text("their words")));
  const row = h("div", { "data-testid": "cell" }, h("div", {}, article));
  h("div", { id: "timeline" }, row, h("div", { "data-testid": "cell" }), h("div", { "data-testid": "cell" }));
  assert.equal(findCard(link, probe), row);
});

test("a semantic card wins over lists of blocks inside it", () => {
  const link = h("a", { href: "/them" });
  // Two plain divs side by side inside the post (avatar column, body column) are not a list of cards.
  const article = h("div", { role: "article" }, h("div", {}, link), h("div", {}, h("span", {})));
  const feed = h("div", { role: "feed" }, article, h("div", { role: "article" }));
  assert.equal(findCard(link, probe), article);
  assert.equal(article.parentElement, feed);
});

test("without semantics: the nearest entry of a list of its own kind", () => {
  const link = h("a", { href: "/them" });
  const cell = h("div", { "data-testid": "UserCell", role: "button" }, h("div", {}, link), h("button", {}));
  const aside = h(
    "section",
    {},
    h("h2", {}),
    cell,
    h("div", { "data-testid": "UserCell", role: "button" }, h("a", { href: "/friend" })),
  );
  h("div", {}, aside);
  assert.equal(findCard(link, probe), cell);
});

test("never a page's main containers, nor anything too large: then the link alone", () => {
  for (const barrier of [h("main"), h("div", { role: "main" }), h("div", { role: "feed" }), h("body")]) {
    const link = h("a", { href: "/them" });
    const wrap = h("div", {}, h("span", {}, link));
    barrier.children.push(wrap);
    wrap.parentElement = barrier;
    h("div", {}, barrier);
    assert.equal(findCard(link, probe), link, barrier.tagName);
  }
  // An article that is too large (most of the viewport, or many other people) is not a card.
  const link = h("a", { href: "/them" });
  h("article", { big: "yes" }, h("div", {}, link));
  assert.equal(findCard(link, probe), link);
});

test("the search is bounded", () => {
  const link = h("a", { href: "/them" });
  let top = link;
  for (let i = 0; i < MAX_LEVELS; i += 1) top = h("div", {}, top);
  const far = h("article", {}, top);
  h("div", {}, far, h("article", {}));
  assert.equal(findCard(link, probe), link, "an article further than MAX_LEVELS up is not found");
  assert.notEqual(findCard(link, probe, MAX_LEVELS + 1), link);
});

test("a link in someone else's words is a mention; an author or avatar link is not", () => {
  const mention = h("a", { href: "/them" });
  h("div", { dir: "ltr" }, text("Replying to "), mention);
  assert.equal(isMention(mention), true);
  const author = h("a", { href: "/them" });
  h("div", {}, text("\n  "), author, text(" · "), h("a", { href: "/them/status/1" }));
  assert.equal(isMention(author), false);
  const named = h("a", { href: "/them" });
  h("strong", {}, named);
  assert.equal(isMention(named), false);
});

test("the net is on for a degraded site, or everywhere when the user chose it", () => {
  assert.equal(wanted("x", { x: { reason: "noItems" } }, null), true);
  assert.equal(wanted("reddit", { x: { reason: "noItems" } }, null), false);
  assert.equal(wanted("reddit", {}, { values: { safety_net_always: { value: true } } }), true);
  assert.equal(wanted("reddit", undefined, { values: { safety_net_always: { value: false } } }), false);
});
