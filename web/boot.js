// Starts the planner. Trunk names the generated loader and wasm files (with content hashes) in
// two <meta> tags; this external module loads them, so the page needs no inline script and its
// Content-Security-Policy can allow scripts from 'self' only.
const meta = (name) => document.querySelector(`meta[name="${name}"]`)?.getAttribute("content");

try {
  const js = meta("portolan-js");
  const wasm = meta("portolan-wasm");
  if (!js || !wasm) throw new Error("the page does not name the application files");
  const { default: init } = await import(new URL(js, document.baseURI).href);
  await init({ module_or_path: new URL(wasm, document.baseURI) });
} catch (err) {
  const p = document.createElement("p");
  p.className = "boot-error";
  p.setAttribute("role", "alert");
  p.textContent = `Portolan could not start: ${err}`;
  document.body.append(p);
  throw err;
}
