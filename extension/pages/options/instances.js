// The options page's "Mastodon instances" section: a labelled field and button to add a server
// (the permission prompt runs in the click, as browsers require), the list of added servers with
// a remove button each, and a polite status line. Adding is instant; removing a server stops the
// protection there, so it goes through the reflection flow like switching a site off. The
// options page mounts it with `mountInstances(element)`; every string comes from _locales.
import { addInstance, listInstances } from "../../background/instances.js";
import { openFlow, t } from "../page.js";

/**
 * Build the section inside `root` (an empty element of the options page).
 * @param {HTMLElement} root
 */
export async function mountInstances(root) {
  const heading = document.createElement("h3");
  heading.id = "instances-heading";
  heading.textContent = t("options_instancesHeading");
  const help = document.createElement("p");
  help.id = "instances-help";
  help.textContent = t("options_instancesHelp");

  const form = document.createElement("form");
  const label = document.createElement("label");
  label.htmlFor = "instance-input";
  label.textContent = t("options_instanceLabel");
  const input = document.createElement("input");
  input.id = "instance-input";
  input.type = "text";
  input.autocomplete = "off";
  input.spellcheck = false;
  input.setAttribute("aria-describedby", "instances-help");
  const add = document.createElement("button");
  add.type = "submit";
  add.textContent = t("options_instanceAdd");
  form.append(label, input, add);

  const list = document.createElement("ul");
  list.setAttribute("aria-labelledby", "instances-heading");
  const status = document.createElement("p");
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");

  root.setAttribute("aria-labelledby", "instances-heading");
  root.replaceChildren(heading, help, form, list, status);

  async function render() {
    const hosts = await listInstances();
    list.replaceChildren(
      ...hosts.map((host) => {
        const item = document.createElement("li");
        const name = document.createElement("span");
        name.textContent = host;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = t("options_instanceRemove", host);
        remove.addEventListener("click", () => openFlow({ type: "remove_instance", host }, status));
        item.append(name, " ", remove);
        return item;
      }),
    );
    if (hosts.length === 0) {
      const none = document.createElement("li");
      none.textContent = t("options_instancesNone");
      list.append(none);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    // What the user typed is kept on error, so nothing is lost.
    const result = await addInstance(input.value);
    if (result.ok === true) {
      status.textContent = t("options_instanceAdded", result.host);
      input.value = "";
      await render();
    } else {
      status.textContent = t(result.error);
      input.setAttribute("aria-invalid", "true");
      input.focus();
      return;
    }
    input.removeAttribute("aria-invalid");
  });

  await render();
}
