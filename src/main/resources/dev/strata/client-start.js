// Vaadin's client engine (FlowClient, compiled with GWT) starts on the document's DOMContentLoaded
// event or, failing that, at its first look at document.readyState, 50 ms after it is loaded. Flow
// loads it only after the first request to the server has answered, when that event has long
// passed, so every full page load waited those 50 ms before asking for the view. Here a listener for
// DOMContentLoaded that is added to the document after the event was dispatched is called at once
// (in a task of its own), as if it had been added in time, unless it is removed before. Listeners
// added before are left to the browser, so none is called twice.
(function () {
  var dispatched = false;
  var waiting = new Set();
  var add = EventTarget.prototype.addEventListener;
  var remove = EventTarget.prototype.removeEventListener;
  add.call(document, 'DOMContentLoaded', function () {
    dispatched = true;
  });
  document.addEventListener = function (type, listener, options) {
    add.call(this, type, listener, options);
    if (type === 'DOMContentLoaded' && dispatched && listener && !waiting.has(listener)) {
      waiting.add(listener);
      setTimeout(function () {
        if (!waiting.delete(listener)) {
          return;
        }
        var event = new Event('DOMContentLoaded');
        if (typeof listener === 'function') {
          listener.call(document, event);
        } else {
          listener.handleEvent(event);
        }
      });
    }
  };
  document.removeEventListener = function (type, listener, options) {
    remove.call(this, type, listener, options);
    if (type === 'DOMContentLoaded') {
      waiting.delete(listener);
    }
  };
})();
