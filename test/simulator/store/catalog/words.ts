/** Word pools for seeded catalog content (plausible apparel/home-goods shop). */

export const PRODUCT_LINES = [
  "Harbor", "Alpine", "Juniper", "Coastal", "Meadow", "Summit", "Willow", "Cedar", "Drift", "Ember",
  "Granite", "Hollow", "Indigo", "Kestrel", "Lumen", "Marlow", "Northwind", "Orchard", "Prairie", "Quarry",
  "Ridge", "Saltwater", "Timber", "Union", "Valley", "Wren", "Yarrow", "Zephyr", "Bramble", "Canyon",
] as const;

export const ADJECTIVES = [
  "Classic", "Relaxed", "Everyday", "Essential", "Heavyweight", "Lightweight", "Vintage", "Slim", "Oversized", "Cropped",
  "Washed", "Textured", "Ribbed", "Brushed", "Waxed", "Quilted", "Striped", "Garment-Dyed", "Recycled", "Heritage",
] as const;

export interface NounSpec {
  noun: string;
  type: string;
  materials: readonly string[];
  options: "apparel" | "shoe" | "color" | "scent" | "none";
  price: [number, number];
}

const FABRIC = ["Cotton", "Organic Cotton", "Linen", "Hemp", "Merino", "Flannel", "Jersey", "Twill", "Canvas", "Denim", "Corduroy", "Fleece"];
const HOME = ["Ceramic", "Stoneware", "Oak", "Walnut", "Glass", "Linen", "Cotton", "Wool", "Rattan", "Bamboo", "Brass", "Porcelain"];
const LEATHER = ["Leather", "Suede", "Canvas", "Nubuck", "Recycled Knit", "Waxed Canvas", "Rubber", "Cork", "Shearling", "Felt", "Mesh", "Nylon"];
const BEAUTY = ["Lavender", "Cedarwood", "Rose", "Citrus", "Sea Salt", "Vanilla", "Eucalyptus", "Oat", "Honey", "Mint", "Sandalwood", "Fig"];

export const NOUNS: readonly NounSpec[] = [
  { noun: "Tee", type: "Shirts", materials: FABRIC, options: "apparel", price: [18, 45] },
  { noun: "Oxford Shirt", type: "Shirts", materials: FABRIC, options: "apparel", price: [45, 110] },
  { noun: "Henley", type: "Shirts", materials: FABRIC, options: "apparel", price: [30, 70] },
  { noun: "Polo", type: "Shirts", materials: FABRIC, options: "apparel", price: [35, 80] },
  { noun: "Overshirt", type: "Shirts", materials: FABRIC, options: "apparel", price: [60, 140] },
  { noun: "Camp Shirt", type: "Shirts", materials: FABRIC, options: "apparel", price: [45, 95] },
  { noun: "Crewneck Sweater", type: "Sweaters", materials: FABRIC, options: "apparel", price: [60, 160] },
  { noun: "Cardigan", type: "Sweaters", materials: FABRIC, options: "apparel", price: [70, 180] },
  { noun: "Hoodie", type: "Sweaters", materials: FABRIC, options: "apparel", price: [50, 120] },
  { noun: "Quarter-Zip", type: "Sweaters", materials: FABRIC, options: "apparel", price: [65, 140] },
  { noun: "Chinos", type: "Pants", materials: FABRIC, options: "apparel", price: [55, 120] },
  { noun: "Joggers", type: "Pants", materials: FABRIC, options: "apparel", price: [45, 95] },
  { noun: "Jeans", type: "Pants", materials: FABRIC, options: "apparel", price: [70, 180] },
  { noun: "Trousers", type: "Pants", materials: FABRIC, options: "apparel", price: [75, 190] },
  { noun: "Shorts", type: "Pants", materials: FABRIC, options: "apparel", price: [35, 75] },
  { noun: "Jacket", type: "Outerwear", materials: FABRIC, options: "apparel", price: [120, 320] },
  { noun: "Parka", type: "Outerwear", materials: FABRIC, options: "apparel", price: [180, 450] },
  { noun: "Vest", type: "Outerwear", materials: FABRIC, options: "apparel", price: [70, 160] },
  { noun: "Rain Shell", type: "Outerwear", materials: FABRIC, options: "apparel", price: [110, 260] },
  { noun: "Bomber", type: "Outerwear", materials: FABRIC, options: "apparel", price: [130, 290] },
  { noun: "Beanie", type: "Accessories", materials: FABRIC, options: "color", price: [18, 45] },
  { noun: "Scarf", type: "Accessories", materials: FABRIC, options: "color", price: [25, 90] },
  { noun: "Tote Bag", type: "Accessories", materials: LEATHER, options: "color", price: [25, 140] },
  { noun: "Belt", type: "Accessories", materials: LEATHER, options: "apparel", price: [30, 95] },
  { noun: "Cap", type: "Accessories", materials: FABRIC, options: "color", price: [22, 48] },
  { noun: "Socks", type: "Accessories", materials: FABRIC, options: "apparel", price: [9, 24] },
  { noun: "Wallet", type: "Accessories", materials: LEATHER, options: "color", price: [35, 120] },
  { noun: "Mug", type: "Home", materials: HOME, options: "color", price: [14, 38] },
  { noun: "Candle", type: "Home", materials: BEAUTY, options: "scent", price: [18, 55] },
  { noun: "Throw Blanket", type: "Home", materials: HOME, options: "color", price: [60, 220] },
  { noun: "Cushion Cover", type: "Home", materials: HOME, options: "color", price: [25, 70] },
  { noun: "Planter", type: "Home", materials: HOME, options: "color", price: [20, 85] },
  { noun: "Tea Towel", type: "Home", materials: HOME, options: "none", price: [9, 22] },
  { noun: "Serving Board", type: "Home", materials: HOME, options: "none", price: [28, 95] },
  { noun: "Vase", type: "Home", materials: HOME, options: "color", price: [24, 120] },
  { noun: "Sneakers", type: "Footwear", materials: LEATHER, options: "shoe", price: [80, 180] },
  { noun: "Boots", type: "Footwear", materials: LEATHER, options: "shoe", price: [140, 320] },
  { noun: "Sandals", type: "Footwear", materials: LEATHER, options: "shoe", price: [45, 120] },
  { noun: "Slippers", type: "Footwear", materials: LEATHER, options: "shoe", price: [35, 90] },
  { noun: "Loafers", type: "Footwear", materials: LEATHER, options: "shoe", price: [110, 240] },
  { noun: "Hand Cream", type: "Beauty", materials: BEAUTY, options: "none", price: [12, 32] },
  { noun: "Lip Balm", type: "Beauty", materials: BEAUTY, options: "scent", price: [6, 14] },
  { noun: "Soap Bar", type: "Beauty", materials: BEAUTY, options: "scent", price: [7, 16] },
  { noun: "Body Oil", type: "Beauty", materials: BEAUTY, options: "none", price: [22, 58] },
  { noun: "Face Mist", type: "Beauty", materials: BEAUTY, options: "none", price: [18, 40] },
  { noun: "Bath Salts", type: "Beauty", materials: BEAUTY, options: "scent", price: [14, 34] },
  { noun: "Notebook", type: "Stationery", materials: HOME, options: "color", price: [10, 32] },
  { noun: "Pen Set", type: "Stationery", materials: HOME, options: "none", price: [15, 60] },
];

export const PRODUCT_TYPES = [...new Set(NOUNS.map((n) => n.type))];

export const SIZES = ["XS", "S", "M", "L", "XL", "XXL"];
export const SHOE_SIZES = ["6", "7", "8", "9", "10", "11", "12"];
export const COLORS = ["Black", "White", "Navy", "Sand", "Olive", "Rust", "Heather Grey", "Forest", "Ecru", "Charcoal"];
export const SCENTS = ["Lavender", "Fig", "Cedar", "Neroli", "Amber", "Unscented"];

export const VENDORS = [
  "Harbor & Pine", "Northloom", "Kestrel Goods", "Fieldwork Supply", "Saltmarsh Studio", "Oakhaus",
  "Wildtide", "Common Thread Co.", "Lumen Home", "Tallow & Sage", "Brightwater", "Stonecrop",
] as const;

export const TAGS = [
  "new", "sale", "bestseller", "organic", "gift", "summer", "winter", "limited", "eco", "handmade",
  "vegan", "clearance", "staff-pick", "restock", "made-in-portugal", "fair-trade",
] as const;

export const COLLECTION_NAMES = [
  "New Arrivals", "Best Sellers", "Gift Guide", "Summer Essentials", "Winter Warmers", "Staff Picks",
  "Weekend Edit", "Workwear", "Travel Ready", "The Linen Shop", "Home Refresh", "Self-Care",
  "Under the Tree", "Back in Stock", "Capsule Wardrobe", "Outdoor Edit", "Slow Living", "Studio Favourites",
  "Last Chance", "Everyday Basics",
] as const;

export const CITIES = [
  { city: "Portland", province: "Oregon", provinceCode: "OR", zip: "97209", street: "NW Flanders St" },
  { city: "Brooklyn", province: "New York", provinceCode: "NY", zip: "11211", street: "Wythe Ave" },
  { city: "Austin", province: "Texas", provinceCode: "TX", zip: "78702", street: "E 6th St" },
  { city: "Denver", province: "Colorado", provinceCode: "CO", zip: "80205", street: "Larimer St" },
  { city: "Chicago", province: "Illinois", provinceCode: "IL", zip: "60622", street: "N Milwaukee Ave" },
  { city: "Oakland", province: "California", provinceCode: "CA", zip: "94607", street: "Broadway" },
] as const;

/** Shopify's handle rule: lowercase, ASCII letters/digits, dashes between words. */
export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
