// A drawing pad for the playground: light strokes on a dark ground, or dark on light, as the task's images look.
window.ensembleDraw = {
  // Called again when the task changes: it repaints the ground and keeps the one set of pointer handlers.
  init(canvas, darkGround) {
    const context = canvas.getContext("2d");
    canvas.dataset.ground = darkGround ? "#000" : "#fff";
    context.fillStyle = canvas.dataset.ground;
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.strokeStyle = darkGround ? "#fff" : "#000";
    context.lineWidth = canvas.width / 12;
    context.lineCap = "round";
    context.lineJoin = "round";
    if (canvas.dataset.ready) {
      return;
    }
    canvas.dataset.ready = "1";
    let drawing = false;
    const point = (e) => {
      const r = canvas.getBoundingClientRect();
      return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
    };
    canvas.addEventListener("pointerdown", (e) => {
      drawing = true;
      canvas.setPointerCapture(e.pointerId);
      context.beginPath();
      context.moveTo(...point(e));
    });
    canvas.addEventListener("pointermove", (e) => {
      if (drawing) {
        context.lineTo(...point(e));
        context.stroke();
      }
    });
    const stop = () => { drawing = false; };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
  },
  clear(canvas) {
    const context = canvas.getContext("2d");
    context.fillStyle = canvas.dataset.ground || "#000";
    context.fillRect(0, 0, canvas.width, canvas.height);
  },
  // The drawing as base64 PNG, without the data-URL prefix.
  toPng(canvas) {
    return canvas.toDataURL("image/png").split(",")[1];
  },
};
