// The demo shop's only script: product data, the cart (localStorage) and the purchase event.
// Loaded with `defer` before the Waymark snippet, so titles are set before the page view is sent.
// Most tracking is declarative (data-waymark-event attributes); the purchase uses the JS API.
(function () {
  var PRODUCTS = {
    'trail-runner': { title: 'Trail Runner Shoes', price: 129, blurb: 'Grippy, light and quick to dry.' },
    'rain-jacket': { title: 'Packable Rain Jacket', price: 89, blurb: 'Folds into its own pocket.' },
    'wool-socks': { title: 'Merino Wool Socks', price: 19, blurb: 'Warm when wet, never itchy.' },
    'day-pack': { title: 'Day Pack 22L', price: 74, blurb: 'Room for lunch, layers and a camera.' },
    'head-torch': { title: 'Head Torch 400lm', price: 39, blurb: 'Rechargeable, red light mode.' },
    'water-bottle': { title: 'Insulated Bottle', price: 29, blurb: 'Cold for 24 hours, hot for 12.' },
  };
  // Calls made before the snippet loaded are queued and replayed by it.
  window.waymark = window.waymark || function () { (window.waymark.q = window.waymark.q || []).push(arguments); };

  var cart = function () { try { return JSON.parse(localStorage.getItem('demo_cart') || '[]'); } catch (e) { return []; } };
  var save = function (c) { try { localStorage.setItem('demo_cart', JSON.stringify(c)); } catch (e) {} };
  var text = function (sel, value) { var el = document.querySelector(sel); if (el) el.textContent = value; };
  var euro = function (n) { return '€' + n.toFixed(2); };

  // Product page: /demo/products/<slug>
  var m = /^\/demo\/products\/([\w-]+)$/.exec(location.pathname);
  if (m) {
    var slug = m[1];
    var p = PRODUCTS[slug] || { title: 'Unknown product', price: 0, blurb: 'This product does not exist.' };
    document.title = p.title + ' · Trailhead Outfitters';
    text('#product-title', p.title);
    text('#product-blurb', p.blurb);
    text('#product-price', euro(p.price));
    var add = document.getElementById('add-to-cart');
    if (add) {
      add.setAttribute('data-waymark-prop-sku', slug);
      add.setAttribute('data-waymark-prop-price', String(p.price));
      add.addEventListener('click', function () { save(cart().concat([slug])); });
    }
  }

  // Cart and payment pages list the cart.
  var list = document.getElementById('cart-items');
  if (list) {
    var items = cart();
    var total = 0;
    items.forEach(function (s) {
      var q = PRODUCTS[s];
      if (!q) return;
      total += q.price;
      var li = document.createElement('li');
      li.textContent = q.title + ' — ' + euro(q.price);
      list.appendChild(li);
    });
    if (!items.length) { var li = document.createElement('li'); li.textContent = 'Your cart is empty.'; list.appendChild(li); }
    text('#cart-total', euro(total));
  }

  var pay = document.getElementById('pay');
  if (pay) {
    pay.addEventListener('click', function () {
      var items = cart();
      var revenue = items.reduce(function (n, s) { return n + (PRODUCTS[s] ? PRODUCTS[s].price : 0); }, 0);
      window.waymark('event', 'purchase', { props: { currency: 'EUR', sku: items[0] || 'none' }, revenue: revenue });
      save([]);
      // Give the keepalive request a moment to leave before the page unloads.
      setTimeout(function () { location.href = '/demo/thank-you'; }, 150);
    });
  }

  // Feedback buttons are declarative; this only says thanks.
  document.querySelectorAll('[data-feedback]').forEach(function (b) {
    b.addEventListener('click', function () { text('#feedback-thanks', 'Thanks for the feedback!'); });
  });
})();
