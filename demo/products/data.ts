export interface Review {
  rating: number;
  body: string;
}

export interface Product {
  id: string;
  name: string;
  price: number;
  reviews: Review[];
}

const ADJECTIVES = ['Compact', 'Sturdy', 'Quiet', 'Bright', 'Classic', 'Modern', 'Portable', 'Smart'];
const NOUNS = ['Lamp', 'Kettle', 'Backpack', 'Headphones', 'Desk', 'Chair', 'Bottle', 'Speaker', 'Notebook', 'Mug'];
const REVIEWS = ['Does what it says.', 'Great value.', 'Arrived late but works.', 'Would buy again.', 'Not for me.'];

/** 30 deterministic products with ids "1".."30". */
export const products: Product[] = Array.from({ length: 30 }, (_, index) => {
  const n = index + 1;
  return {
    id: String(n),
    name: `${ADJECTIVES[n % ADJECTIVES.length]} ${NOUNS[n % NOUNS.length]}`,
    price: Math.round((5 + ((n * 37) % 200) + (n % 100) / 100) * 100) / 100,
    reviews: Array.from({ length: n % 3 }, (_, r) => ({ rating: ((n + r) % 5) + 1, body: REVIEWS[(n + r) % REVIEWS.length]! })),
  };
});

export const productsById = new Map(products.map((product) => [product.id, product]));
