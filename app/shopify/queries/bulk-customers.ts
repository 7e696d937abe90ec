/**
 * Bulk query for customers: profile, consent, tags, addresses (addressesV2
 * connection) and metafields: 3 connections. Passwords are never readable.
 */
export const BULK_CUSTOMERS = `query SnapshelfBulkCustomers {
  customers {
    edges {
      node {
        id
        legacyResourceId
        firstName
        lastName
        email
        phone
        note
        tags
        state
        locale
        taxExempt
        taxExemptions
        verifiedEmail
        createdAt
        updatedAt
        numberOfOrders
        amountSpent { amount currencyCode }
        defaultAddress { id }
        emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
        smsMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt consentCollectedFrom }
        addressesV2 {
          edges {
            node {
              id
              firstName
              lastName
              company
              address1
              address2
              city
              province
              provinceCode
              country
              countryCodeV2
              zip
              phone
            }
          }
        }
        metafields {
          edges {
            node { id namespace key type value createdAt updatedAt }
          }
        }
      }
    }
  }
}`;
