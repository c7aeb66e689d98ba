// Prefill the ASCII slug from a Korean name (Revised Romanization, letter by letter), until staff
// edit the slug themselves; the server still validates it (gyeongju.core.slugs.validate_ascii_slug).
(function () {
  "use strict";
  var INITIALS = "g kk n d tt r m b pp s ss - j jj ch k t p h".split(" ");
  var MEDIALS = "a ae ya yae eo e yeo ye o wa wae oe yo u wo we wi yu eu ui i".split(" ");
  var FINALS = "- k k k n n n t l k m l l l p l m p p t t ng t t k t p t".split(" ");

  function romanize(text) {
    var out = "";
    for (var i = 0; i < text.length; i++) {
      var code = text.charCodeAt(i) - 0xac00;
      if (code >= 0 && code < 11172) {
        var parts = [INITIALS[Math.floor(code / 588)], MEDIALS[Math.floor((code % 588) / 28)], FINALS[code % 28]];
        for (var j = 0; j < parts.length; j++) {
          if (parts[j] !== "-") out += parts[j];
        }
      } else {
        out += text.charAt(i);
      }
    }
    return out;
  }

  function slugify(text) {
    return romanize(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80).replace(/-+$/, "");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var name = document.getElementById("id_name");
    var slug = document.getElementById("id_slug");
    if (!name || !slug) return;
    var touched = slug.value !== "";
    slug.addEventListener("input", function () { touched = slug.value !== ""; });
    name.addEventListener("input", function () {
      if (!touched) slug.value = slugify(name.value);
    });
  });
})();
