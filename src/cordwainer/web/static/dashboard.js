/* The dashboard draws each table's chart with the vendored Chart.js, and refreshes its
   figures (tables, tallies and charts) from /dashboard/live every few seconds while open.
   The tables stay the record: each chart only shows what its table lists. */
(function () {
  "use strict";
  const root = document.getElementById("figures");
  if (!root || typeof Chart === "undefined") {
    return;
  }
  const palette = {
    navy: "#1d2c47",
    moss: "#4d5e33",
    slate: "#4b5560",
    brown: "#4a3124",
    sand: "#c8b99a",
    ink: "#24272b",
  };
  const stacks = [palette.slate, palette.moss, palette.sand];
  let charts = [];

  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = palette.ink;
  Chart.defaults.animation = false;
  Chart.defaults.maintainAspectRatio = false;

  function axis(title, extra) {
    return Object.assign({ beginAtZero: true, title: { display: true, text: title } }, extra || {});
  }

  function config(spec) {
    const labels = spec.labels;
    const first = spec.series[0];
    if (spec.kind === "stacked") {
      return {
        type: "bar",
        data: {
          labels: labels,
          datasets: spec.series.map(function (s, i) {
            return { label: s.name, data: s.values, backgroundColor: stacks[i % stacks.length] };
          }),
        },
        options: {
          indexAxis: "y",
          scales: { x: axis(spec.unit, { stacked: true }), y: { stacked: true } },
        },
      };
    }
    if (spec.kind === "pareto") {
      const second = spec.series[1];
      return {
        type: "bar",
        data: {
          labels: labels,
          datasets: [
            { label: first.name, data: first.values, backgroundColor: palette.navy, yAxisID: "y" },
            {
              label: second.name,
              data: second.values,
              type: "line",
              borderColor: palette.brown,
              backgroundColor: palette.brown,
              yAxisID: "share",
            },
          ],
        },
        options: {
          scales: {
            y: axis(spec.unit),
            share: axis("%", { position: "right", max: 100, grid: { drawOnChartArea: false } }),
          },
        },
      };
    }
    if (spec.kind === "yield") {
      const known = first.values.filter(function (v) { return v !== null; });
      const lowest = known.length ? Math.min.apply(null, known) : 90;
      return {
        type: "bar",
        data: { labels: labels, datasets: [{ label: first.name, data: first.values, backgroundColor: palette.moss }] },
        options: {
          plugins: { legend: { display: false } },
          scales: { y: axis("%", { beginAtZero: false, min: Math.max(0, Math.floor(lowest - 2)), max: 100 }) },
        },
      };
    }
    if (spec.kind === "performance") {
      return {
        type: "bar",
        data: { labels: labels, datasets: [{ label: first.name, data: first.values, backgroundColor: palette.navy }] },
        options: {
          indexAxis: "y",
          plugins: { legend: { display: false } },
          scales: { x: axis("% of a 450-minute day") },
        },
      };
    }
    return {
      type: "bar",
      data: { labels: labels, datasets: [{ label: first.name, data: first.values, backgroundColor: palette.moss }] },
      options: { plugins: { legend: { display: false } }, scales: { y: axis(spec.unit) } },
    };
  }

  function draw() {
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    const data = document.getElementById("dashboard-data");
    const specs = data ? JSON.parse(data.textContent) : {};
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      const spec = specs[canvas.dataset.chart];
      if (spec && (spec.kind === "performance" || spec.kind === "stacked")) {
        /* One bar a row: tall enough for every name to be read. */
        canvas.parentElement.style.height = Math.max(256, 22 * spec.labels.length + 80) + "px";
      }
      if (spec) {
        charts.push(new Chart(canvas, config(spec)));
      }
    });
  }

  async function refresh() {
    try {
      const answer = await fetch(root.dataset.live, { headers: { Accept: "text/html" } });
      if (!answer.ok) {
        return;
      }
      root.innerHTML = await answer.text();
      draw();
      root.dataset.refreshed = String(Number(root.dataset.refreshed || "0") + 1);
      const note = document.querySelector(".refresh-note");
      if (note) {
        note.textContent = "Refreshed at " + new Date().toLocaleTimeString("en-GB") +
          "; the figures refresh every " + root.dataset.every + " s while this page is open.";
      }
    } catch (error) {
      /* The network came and went: the next refresh tries again. */
    }
  }

  draw();
  window.setInterval(refresh, 1000 * Number(root.dataset.every || "30"));
})();
