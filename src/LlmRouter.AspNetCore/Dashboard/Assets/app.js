// LlmRouter gateway dashboard: plain JavaScript and SVG, nothing loaded from anywhere but this gateway.
"use strict";

(function () {
  const SVG = "http://www.w3.org/2000/svg";
  const PALETTE = ["#0969da", "#bf3989", "#1a7f37", "#9a6700", "#8250df", "#cf222e", "#0550ae", "#116329", "#953800", "#6e7781"];
  const REFRESH_MS = 5000;
  const KEY_STORE = "llmrouter.gateway.key";
  const $ = (id) => document.getElementById(id);
  let timer = null;

  function key() { return sessionStorage.getItem(KEY_STORE) || ""; }

  async function load() {
    const headers = { "Accept": "application/json" };
    if (key()) headers["Authorization"] = "Bearer " + key();
    let response;
    try {
      response = await fetch("api/data", { headers, cache: "no-store" });
    } catch (e) {
      $("status").textContent = "Gateway unreachable: " + e.message;
      return schedule();
    }
    if (response.status === 401) {
      sessionStorage.removeItem(KEY_STORE);
      showLogin(key() ? "That key was refused." : "");
      return;
    }
    if (!response.ok) {
      $("status").textContent = "The gateway answered " + response.status + ".";
      return schedule();
    }
    const data = await response.json();
    render(data);
    schedule();
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(load, REFRESH_MS);
  }

  function showLogin(message) {
    $("main").hidden = true;
    $("login").hidden = false;
    const error = $("login-error");
    error.hidden = !message;
    error.textContent = message || "";
    $("key").focus();
  }

  $("login").addEventListener("submit", (e) => {
    e.preventDefault();
    sessionStorage.setItem(KEY_STORE, $("key").value.trim());
    $("key").value = "";
    $("login").hidden = true;
    load();
  });

  function el(name, attrs, text) {
    const node = name.startsWith("svg:") ? document.createElementNS(SVG, name.slice(4)) : document.createElement(name);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function usd(v) {
    if (v === 0) return "$0";
    if (Math.abs(v) < 0.01) return "$" + v.toPrecision(2);
    return "$" + v.toFixed(2);
  }

  function count(v) {
    if (v >= 1e6) return (v / 1e6).toFixed(1) + "M";
    if (v >= 1e3) return (v / 1e3).toFixed(1) + "k";
    return String(v);
  }

  function render(data) {
    $("login").hidden = true;
    $("main").hidden = false;
    $("scope").textContent = data.tenant ? "tenant " + data.tenant : "all tenants";
    $("status").textContent = "updated " + new Date(data.generated_at).toLocaleTimeString();
    const models = [...new Set(data.usage.map((u) => u.model))].sort();
    const colors = new Map(models.map((m, i) => [m, PALETTE[i % PALETTE.length]]));
    renderTotals(data.totals);
    renderProviders(data.providers);
    stacked($("chart-spend"), data.days, data.usage, models, colors, (u) => u.cost, usd);
    stacked($("chart-tokens"), data.days, data.usage, models, colors, (u) => u.input_tokens + u.output_tokens, count);
    byModel($("chart-models"), data.usage, models, colors);
    renderLegend(models, colors);
    renderRecent(data.recent);
    document.body.dataset.loaded = "true";
  }

  function renderTotals(t) {
    const cards = [
      ["requests", count(t.requests)], ["failed", count(t.failed)], ["input tokens", count(t.input_tokens)],
      ["output tokens", count(t.output_tokens)], ["spend", usd(t.cost)], ["avg latency", Math.round(t.average_latency_ms) + " ms"],
    ];
    const root = $("totals");
    root.replaceChildren(...cards.map(([label, value]) => {
      const card = el("div", { class: "card", "data-total": label });
      card.append(el("div", { class: "value" }, value), el("div", { class: "label" }, label));
      return card;
    }));
  }

  function renderProviders(providers) {
    const body = $("providers").tBodies[0];
    body.replaceChildren(...providers.map((p) => {
      const state = !p.configured ? ["off", "not configured"] : p.healthy ? ["ok", "healthy"] : ["bad", "unhealthy"];
      const row = el("tr", { "data-provider": p.name });
      const name = el("td");
      name.append(el("span", { class: "dot " + state[0] }), document.createTextNode(p.name + (p.local ? " (local)" : "")));
      const routes = (p.routes || []).map((r) => r.model + (r.cooling_down ? " cooling down" : "") +
        (r.average_latency_ms != null ? " " + Math.round(r.average_latency_ms) + " ms" : "") +
        (r.recent_failures ? ", " + r.recent_failures + " failures" : ""));
      row.append(name, el("td", {}, state[1] + (p.detail ? ": " + p.detail : "")),
        el("td", { class: "num" }, p.latency_ms != null ? Math.round(p.latency_ms) + " ms" : ""),
        el("td", {}, routes.join("; ")));
      return row;
    }));
  }

  function frame(root, width, height) {
    const svg = el("svg:svg", { viewBox: `0 0 ${width} ${height}`, role: "img" });
    root.replaceChildren(svg);
    return svg;
  }

  function stacked(root, days, usage, models, colors, value, format) {
    const W = 560, H = 220, left = 56, bottom = 28, top = 10, right = 8;
    const svg = frame(root, W, H);
    const perDay = days.map((d) => usage.filter((u) => u.day === d));
    const totals = perDay.map((list) => list.reduce((s, u) => s + value(u), 0));
    const max = Math.max(0, ...totals);
    if (max === 0) {
      svg.append(el("svg:text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "no usage yet"));
      return;
    }
    const plotH = H - top - bottom, plotW = W - left - right, slot = plotW / days.length, bar = Math.max(2, slot * 0.7);
    for (let g = 0; g <= 4; g++) {
      const y = top + plotH - (plotH * g) / 4;
      svg.append(el("svg:line", { x1: left, x2: W - right, y1: y, y2: y, stroke: "#d8dee4" }));
      svg.append(el("svg:text", { x: left - 4, y: y + 3, "text-anchor": "end" }, format((max * g) / 4)));
    }
    days.forEach((day, i) => {
      const x = left + i * slot + (slot - bar) / 2;
      let y = top + plotH;
      for (const model of models) {
        const u = perDay[i].find((p) => p.model === model);
        if (!u || value(u) <= 0) continue;
        const h = Math.max(1, (value(u) / max) * plotH);
        y -= h;
        const rect = el("svg:rect", { x, y, width: bar, height: h, fill: colors.get(model), "data-model": model, "data-day": day, "data-value": value(u) });
        rect.append(el("svg:title", {}, `${day} ${model}: ${format(value(u))}`));
        svg.append(rect);
      }
      if (days.length <= 16 || i % Math.ceil(days.length / 16) === 0) {
        svg.append(el("svg:text", { x: x + bar / 2, y: H - bottom + 14, "text-anchor": "middle" }, day.slice(5)));
      }
    });
  }

  function byModel(root, usage, models, colors) {
    const rows = models.map((m) => {
      const list = usage.filter((u) => u.model === m);
      return { model: m, cost: list.reduce((s, u) => s + u.cost, 0), tokens: list.reduce((s, u) => s + u.input_tokens + u.output_tokens, 0) };
    });
    const W = 560, rowH = 22, left = 200, right = 150, H = Math.max(60, rows.length * rowH + 16);
    const svg = frame(root, W, H);
    const max = Math.max(0, ...rows.map((r) => r.tokens));
    if (rows.length === 0 || max === 0) {
      svg.append(el("svg:text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty" }, "no usage yet"));
      return;
    }
    rows.forEach((r, i) => {
      const y = 8 + i * rowH, w = Math.max(2, ((W - left - right) * r.tokens) / max);
      svg.append(el("svg:text", { x: left - 6, y: y + 13, "text-anchor": "end" }, r.model));
      const rect = el("svg:rect", { x: left, y: y + 3, width: w, height: rowH - 8, fill: colors.get(r.model), "data-model": r.model, "data-value": r.tokens });
      rect.append(el("svg:title", {}, `${r.model}: ${count(r.tokens)} tokens, ${usd(r.cost)}`));
      svg.append(rect);
      svg.append(el("svg:text", { x: left + w + 6, y: y + 13 }, `${count(r.tokens)} tok · ${usd(r.cost)}`));
    });
  }

  function renderLegend(models, colors) {
    $("legend").replaceChildren(...models.map((m) => {
      const item = el("span", { "data-model": m });
      const swatch = el("i");
      swatch.style.background = colors.get(m);
      item.append(swatch, document.createTextNode(m));
      return item;
    }));
  }

  function renderRecent(recent) {
    const body = $("recent").tBodies[0];
    body.replaceChildren(...recent.map((r) => {
      const row = el("tr", { "data-requested": r.requested, "data-status": r.status });
      const answered = r.provider ? r.provider + "/" + r.model + (r.strategy ? " (" + r.strategy + ")" : "") : (r.error || "—");
      const attempts = el("ul", { class: "attempts" });
      for (const a of r.attempts) {
        attempts.append(el("li", { class: a.error ? "failed" : "ok" }, `${a.provider}/${a.model} ${Math.round(a.duration_ms)} ms ${a.error || "ok"}`));
      }
      const ok = r.status === 200 && !r.error;
      row.append(
        el("td", {}, new Date(r.time).toLocaleTimeString()),
        el("td", {}, r.requested + (r.stream ? " (stream)" : "")),
        el("td", { title: r.reason || "" }, answered),
        el("td", { class: ok ? "status-ok" : "status-bad" }, String(r.status) + (r.error && r.status === 200 ? " " + r.error : "")),
        el("td", { class: "num" }, r.cost ? r.cost.toPrecision(3) : "0"),
        el("td", { class: "num" }, String(Math.round(r.duration_ms))),
        el("td"));
      row.lastChild.append(attempts);
      return row;
    }));
  }

  load();
})();
