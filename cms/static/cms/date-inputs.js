// Wagtail's date picker (jquery.datetimepicker) "validates on blur": text it cannot
// parse in its one format is replaced by today's date when the field loses focus, so
// "31/12/2026" or "rytoj" was silently saved as today. Keep what the person typed;
// the server parses the formats Lithuanians use or refuses with a clear message.
(function () {
  var picker = window.jQuery && window.jQuery.fn && window.jQuery.fn.datetimepicker;
  if (picker && picker.defaults) {
    picker.defaults.validateOnBlur = false;
  }
})();
