// The API page: Swagger UI over the platform's OpenAPI description (templates/api_docs.html).
const element = document.getElementById("api-docs");
SwaggerUIBundle({ url: element.dataset.openapiUrl, domNode: element, deepLinking: true });
