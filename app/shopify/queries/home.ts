/** The home page's live figures: who the shop is and how much there is to protect. */
export const HOME_QUERY = `query SnapshelfHome {
  shop {
    name
    myshopifyDomain
  }
  productsCount {
    count
    precision
  }
  customersCount {
    count
    precision
  }
}`;
