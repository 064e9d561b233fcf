/**
 * Columns of a contacts file: generic snake_case, Outlook/Excel exports in English ("E-mail
 * Address", "Mobile Phone", "Home Postal Code") and German ("E-Mail-Adresse", "Mobiltelefon",
 * "Postleitzahl privat"). Phone, city, postcode and country fall back from home to business
 * columns, the first non-empty one winning.
 */
import type { FieldSpec } from "./columns.js";

export type ContactField =
  | "customer_id"
  | "card_id"
  | "first_name"
  | "last_name"
  | "name"
  | "email"
  | "phone"
  | "birthday"
  | "city"
  | "postal_code"
  | "country"
  | "company"
  | "timestamp";

export const CONTACT_FIELDS: FieldSpec<ContactField> = {
  customer_id: ["customerid", "userid", "kundennummer", "kundenid"],
  card_id: ["cardid", "loyaltycardid", "kundenkarte", "kartennummer"],
  first_name: ["firstname", "givenname", "vorname", "first"],
  last_name: ["lastname", "surname", "familyname", "nachname", "last"],
  name: ["name", "fullname", "displayname"],
  email: [
    "email",
    "emailaddress",
    "emailadresse",
    "mail",
    "email2address",
    "email2adresse",
    "email3address",
    "email3adresse",
  ],
  phone: [
    "phone",
    "phonenumber",
    "mobilephone",
    "mobile",
    "mobiltelefon",
    "handy",
    "primaryphone",
    "telefon",
    "homephone",
    "telefonprivat",
    "businessphone",
    "telefongeschäftlich",
  ],
  birthday: ["birthday", "birthdate", "dateofbirth", "dob", "geburtstag", "geburtsdatum"],
  city: ["city", "homecity", "ortprivat", "ort", "stadt", "businesscity", "ortgeschäftlich"],
  postal_code: [
    "postalcode",
    "postcode",
    "zip",
    "zipcode",
    "homepostalcode",
    "postleitzahlprivat",
    "postleitzahl",
    "plz",
    "businesspostalcode",
    "postleitzahlgeschäftlich",
  ],
  country: [
    "country",
    "homecountryregion",
    "landregionprivat",
    "land",
    "countryregion",
    "businesscountryregion",
    "landregiongeschäftlich",
  ],
  company: ["company", "organization", "organisation", "firma", "unternehmen"],
  timestamp: ["timestamp", "updatedat", "modifiedat", "lastmodified"],
};

/** A contacts file needs at least one column that can identify a person. */
export const CONTACT_ID_FIELDS: readonly ContactField[] = ["customer_id", "email", "phone"];
