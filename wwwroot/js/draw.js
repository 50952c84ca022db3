// A drawing pad for the playground: white strokes on black, as Fashion-MNIST images look.
window.ensembleDraw = {
  init(canvas) {
    const context = canvas.getContext("2d");
    context.fillStyle = "#000";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.strokeStyle = "#fff";
    context.lineWidth = canvas.width / 12;
    context.lineCap = "round";
    context.lineJoin = "round";
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
    context.fillStyle = "#000";
    context.fillRect(0, 0, canvas.width, canvas.height);
  },
  // The drawing as base64 PNG, without the data-URL prefix.
  toPng(canvas) {
    return canvas.toDataURL("image/png").split(",")[1];
  },
};
